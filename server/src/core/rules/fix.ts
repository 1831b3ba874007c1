// The shape of a quick fix and what every rule's `fixes` shares. Pure: the finding (as the editor
// sends it back) and the current analysis in, text edits out. Every fix first checks that the text
// it edits is still what the finding was about (the editor may send a finding from an older
// version); when it is not, no fix is offered. Turning TLS off, or weakening it, is never offered.

import type { Range } from '../types';
import type { ConfigAnalysis } from '../analysis';
import { contains, entryAtLine, mainSetting, overrideSetting, scopeOf, serviceAtLine, type ConfigFile, type Setting } from '../navigation/at-position';

export type { ConfigFile } from '../navigation/at-position';

export interface FixableFinding {
  code: string;
  range: Range;
  file: ConfigFile;
  /** The finding's data as the rules attach it (plus name and service). */
  data?: Record<string, unknown>;
}

export interface TextEdit {
  file: ConfigFile;
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  isPreferred: boolean;
  edits: TextEdit[];
}

/**
 * One fix shown at work, for test/core/rule-fixes.test.ts: the finding of the rule on the line
 * that holds `at` (its first occurrence) in this configuration, the fix titled `title`, and the
 * file it edits as it reads afterwards. `data` stands in for the data of a finding whose evidence
 * is not the configuration (a certificate file); without it the rule's own check makes the finding.
 */
export interface FixExample {
  main: string;
  master?: string;
  file?: ConfigFile;
  at: string;
  data?: Record<string, unknown>;
  title: string;
  after: string;
}

export type Fixes = (a: ConfigAnalysis, f: FixableFinding) => QuickFix[];

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function textOf(a: ConfigAnalysis, file: ConfigFile) {
  return file === 'main.cf' ? a.main.index : a.master?.index;
}

/** The document text inside a range, or null when the range is outside the text. */
export function textAt(a: ConfigAnalysis, file: ConfigFile, r: Range): string | null {
  const index = textOf(a, file);
  if (!index || r.end.line >= index.starts.length || r.start.line < 0) return null;
  return index.text.slice(index.offsetAt(r.start), index.offsetAt(r.end));
}

/**
 * Where to add a line after a range, and the line break to use: at the end of the range's last
 * physical line, before a CR of CRLF (then CRLF is used). A range that ends at the very end of a
 * continued piece is reported at the start of the next line; it is moved back to the line it is on.
 */
export function insertionAfter(a: ConfigAnalysis, file: ConfigFile, r: Range): { at: Range; eol: string } {
  const index = textOf(a, file);
  let end = r.end;
  if (index && end.character === 0 && end.line > r.start.line) end = { line: end.line - 1, character: index.lineLength(end.line - 1) };
  let eol = '\n';
  if (index && end.line < index.starts.length) {
    const text = index.lineText(end.line);
    if (end.character === text.length && text.endsWith('\r')) {
      end = { line: end.line, character: end.character - 1 };
      eol = '\r\n';
    }
  }
  return { at: { start: end, end }, eol };
}

/** The main.cf line or -o whose name or value holds the position. */
export function settingAt(a: ConfigAnalysis, file: ConfigFile, r: Range): Setting | undefined {
  if (file === 'main.cf') {
    const e = entryAtLine(a, r.start.line);
    return e ? mainSetting(e) : undefined;
  }
  const s = serviceAtLine(a, r.start.line);
  const o = s?.overrides.find((x) => contains(x.range, r.start));
  return s && o ? overrideSetting(o, s, scopeOf(a, s)) : undefined;
}

/** unknown-parameter and undefined-reference: the did-you-mean name replaces the misspelt one. */
export function suggestedNameFix(titleOf: (current: string, suggestion: string) => string): Fixes {
  return (a, f) => {
    const d = f.data ?? {};
    const suggestion = str(d.suggestion);
    const current = textAt(a, f.file, f.range);
    if (!suggestion || !current || (str(d.name) && current !== d.name)) return [];
    return [{ title: titleOf(current, suggestion), isPreferred: true, edits: [{ file: f.file, range: f.range, newText: suggestion }] }];
  };
}
