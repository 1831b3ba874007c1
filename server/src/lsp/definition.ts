// textDocument/definition: from a $name to where its value comes from in that line's scope (the -o,
// the main.cf line, the master.cf field for process_name/service_name; for a main.cf reference also
// the -o lines that override it); from a *_file value to the file itself, when it is a regular file.

import { stat } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import type { DefinitionParams, Location } from 'vscode-languageserver';
import { targetAt } from '../core/navigation/at-position';
import { definitionOf, overridesOf } from '../core/navigation/definition';
import { filePathAt } from '../core/navigation/file-path';
import { withTimeout } from '../io/read-file-safely';
import { toLocation } from './references';
import type { ConfigWorkspace } from './workspace';

const STAT_TIMEOUT_MS = 1000;

async function isRegularFile(path: string): Promise<boolean> {
  return withTimeout(
    stat(path).then((s) => s.isFile()),
    STAT_TIMEOUT_MS,
    false,
  );
}

export async function definition(workspace: ConfigWorkspace, params: DefinitionParams): Promise<Location[] | null> {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return null;
  const { analysis } = doc.result;
  const target = targetAt(analysis, doc.file, doc.positions.toCore(params.position));
  if (target?.kind === 'reference') {
    const d = definitionOf(analysis, target.name, target.setting.scope);
    const out = d.location ? [toLocation(doc.result, d.location)] : [];
    if (!target.setting.scope) for (const o of overridesOf(analysis, target.name)) out.push(toLocation(doc.result, { file: 'master.cf', range: o.override.nameRange }));
    return out.length ? out : null;
  }
  if (target?.kind === 'value') {
    const path = filePathAt(analysis, target.setting, target.offset);
    if (path && (await isRegularFile(path))) {
      const start = { line: 0, character: 0 };
      return [{ uri: URI.file(path).toString(), range: { start, end: start } }];
    }
  }
  return null;
}
