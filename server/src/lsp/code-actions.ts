// textDocument/codeAction: glue only. The fixes are the rules' own (`fixes` beside each rule, found
// by code in core/navigation/quick-fixes.ts); here a diagnostic becomes a finding in the core's
// positions and each fix one WorkspaceEdit in the editor's.

import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit } from 'vscode-languageserver';
import { quickFixes } from '../core/navigation/quick-fixes';
import { positionsOf, type ConfigWorkspace } from './workspace';

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return !only || only.some((k) => k === '' || CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`));
}

export function codeActions(workspace: ConfigWorkspace, params: CodeActionParams): CodeAction[] {
  if (!wantsQuickFixes(params.context.only)) return [];
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return [];
  const r = doc.result;
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== 'postfix-lens' || typeof d.code !== 'string') continue;
    const data = d.data && typeof d.data === 'object' ? (d.data as Record<string, unknown>) : undefined;
    for (const fix of quickFixes(r.analysis, { code: d.code, range: doc.positions.rangeToCore(d.range), file: doc.file, data })) {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[e.file === 'main.cf' ? r.mainUri : r.masterUri] ??= []).push({ range: positionsOf(r, e.file).rangeToEditor(e.range), newText: e.newText });
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.isPreferred, edit: { changes } });
    }
  }
  return out;
}
