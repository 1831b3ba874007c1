// textDocument/references: on a $name or on the name of a setting, every $name use in main.cf and
// master.cf values; with includeDeclaration also every line and -o that sets it.

import type { Location, ReferenceParams } from 'vscode-languageserver';
import { targetAt } from '../core/navigation/at-position';
import { declarationsOf, referencesTo } from '../core/navigation/references';
import type { ConfigLocation } from '../core/navigation/definition';
import { positionsOf, type ConfigWorkspace, type PairResult } from './workspace';

export function toLocation(r: PairResult, l: ConfigLocation): Location {
  return { uri: l.file === 'main.cf' ? r.mainUri : r.masterUri, range: positionsOf(r, l.file).rangeToEditor(l.range) };
}

export function references(workspace: ConfigWorkspace, params: ReferenceParams): Location[] {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc.result;
  const target = targetAt(analysis, doc.file, doc.positions.toCore(params.position));
  const name = target?.kind === 'reference' ? target.name : target?.kind === 'name' ? target.setting.name : undefined;
  if (!name) return [];
  const found = params.context?.includeDeclaration ? [...declarationsOf(analysis, name), ...referencesTo(analysis, name)] : referencesTo(analysis, name);
  return found.map((l) => toLocation(doc.result, l));
}
