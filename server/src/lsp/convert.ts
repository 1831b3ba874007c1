// Core findings to LSP diagnostics: source "postfix-lens", the rule code, a link to the code's
// section in docs/rules.md, and "unnecessary" styling for lines Postfix ignores.

import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { escapeHidden } from '../core/escape';
import type { Finding, Severity } from '../core/types';
import type { PositionMap } from './positions';

export const RULES_DOC = 'https://github.com/postfix-lens/postfix-lens/blob/main/docs/rules.md';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const IGNORED_BY_POSTFIX = new Set(['duplicate-parameter', 'unknown-parameter', 'leading-whitespace']);

/** `positions` maps the core's range to the editor's lines (see positions.ts). */
export function toDiagnostic(f: Finding, positions?: PositionMap): Diagnostic {
  const d: Diagnostic = {
    range: positions ? positions.rangeToEditor(f.range) : f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `${RULES_DOC}#${f.code}` },
    source: 'postfix-lens',
    // Messages quote paths, names and certificate subjects: hidden characters are shown, not obeyed.
    message: escapeHidden(f.message, '\n'),
  };
  if (IGNORED_BY_POSTFIX.has(f.code)) d.tags = [DiagnosticTag.Unnecessary];
  if (f.data) d.data = { ...f.data, name: f.name, service: f.service };
  return d;
}
