// textDocument/documentSymbol: main.cf's parameters; master.cf's services with their -o overrides.

import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { mainSymbols, masterSymbols, type ConfigSymbol } from '../core/navigation/symbols';
import type { ConfigWorkspace } from './workspace';
import type { PositionMap } from './positions';

const KIND: Record<ConfigSymbol['kind'], SymbolKind> = {
  parameter: SymbolKind.Property,
  service: SymbolKind.Class,
  override: SymbolKind.Field,
};

function toSymbol(s: ConfigSymbol, positions: PositionMap): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: KIND[s.kind],
    range: positions.rangeToEditor(s.range),
    selectionRange: positions.rangeToEditor(s.selectionRange),
    ...(s.children ? { children: s.children.map((c) => toSymbol(c, positions)) } : {}),
  };
}

export function documentSymbols(workspace: ConfigWorkspace, params: DocumentSymbolParams): DocumentSymbol[] {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc.result;
  const symbols = doc.file === 'main.cf' ? mainSymbols(analysis.main) : analysis.master ? masterSymbols(analysis.master) : [];
  return symbols.map((s) => toSymbol(s, doc.positions));
}
