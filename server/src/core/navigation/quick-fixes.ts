// Quick fixes for findings, from the data the rules attach to them. Pure: the finding (as the editor
// sends it back) and the current analysis in, text edits out. Every fix first checks that the text
// it edits is still what the finding was about (the editor may send a finding from an older
// version); when it is not, no fix is offered. Turning TLS off, or weakening it, is never offered.

import { parameterInfo } from '../catalogue/catalogue';
import { effective } from '../tls/config-targets';
import type { Range } from '../types';
import type { ConfigAnalysis } from '../validate';
import type { MasterScope } from '../config/postconf-model';
import { contains, entryAtLine, mainSetting, overrideSetting, scopeOf, serviceAtLine, type ConfigFile, type Setting } from './at-position';
import { wordsOf } from './file-path';

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

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function textOf(a: ConfigAnalysis, file: ConfigFile) {
  return file === 'main.cf' ? a.main.index : a.master?.index;
}

/** The document text inside a range, or null when the range is outside the text. */
function textAt(a: ConfigAnalysis, file: ConfigFile, r: Range): string | null {
  const index = textOf(a, file);
  if (!index || r.end.line >= index.starts.length || r.start.line < 0) return null;
  return index.text.slice(index.offsetAt(r.start), index.offsetAt(r.end));
}

/**
 * Where to add a line after a range, and the line break to use: at the end of the range's last
 * physical line, before a CR of CRLF (then CRLF is used). A range that ends at the very end of a
 * continued piece is reported at the start of the next line; it is moved back to the line it is on.
 */
function insertionAfter(a: ConfigAnalysis, file: ConfigFile, r: Range): { at: Range; eol: string } {
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
function settingAt(a: ConfigAnalysis, file: ConfigFile, r: Range): Setting | undefined {
  if (file === 'main.cf') {
    const e = entryAtLine(a, r.start.line);
    return e ? mainSetting(e) : undefined;
  }
  const s = serviceAtLine(a, r.start.line);
  const o = s?.overrides.find((x) => contains(x.range, r.start));
  return s && o ? overrideSetting(o, s, scopeOf(a, s)) : undefined;
}

export function quickFixes(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const d = f.data ?? {};
  const edit = (range: Range, newText: string): TextEdit[] => [{ file: f.file, range, newText }];
  switch (f.code) {
    case 'unknown-parameter':
    case 'undefined-reference': {
      const suggestion = str(d.suggestion);
      const current = textAt(a, f.file, f.range);
      if (!suggestion || !current || (str(d.name) && current !== d.name)) return [];
      const title = f.code === 'undefined-reference' ? `Change $${current} to $${suggestion}` : `Change ${current} to ${suggestion}`;
      return [{ title, isPreferred: true, edits: edit(f.range, suggestion) }];
    }
    case 'deprecated-parameter':
      return deprecatedFix(a, f);
    case 'duplicate-parameter':
      return duplicateFix(a, f);
    case 'cert-chain-incomplete':
      return chainFix(a, f);
    case 'tls-disabled':
      return tlsFix(a, f);
    case 'invalid-value':
      return invalidValueFix(a, f);
  }
  return [];
}

/** What an obsolete yes/no setting means in its successor's terms, or undefined. */
function mappedValue(name: string, replacement: string, value: string): string | undefined {
  const v = value.toLowerCase();
  if (replacement.endsWith('_security_level')) {
    if (name.endsWith('_use_tls')) return v === 'yes' ? 'may' : v === 'no' ? 'none' : undefined;
    if (name.endsWith('_enforce_tls')) return v === 'yes' ? 'encrypt' : undefined;
  }
  if (name === 'disable_dns_lookups') return v === 'yes' ? 'disabled' : v === 'no' ? 'enabled' : undefined;
  if (name === 'sun_mailtool_compatibility') return v === 'yes' ? 'dotlock' : undefined;
  return undefined;
}

function deprecatedFix(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const replacement = str(f.data?.replacement);
  const s = settingAt(a, f.file, f.range);
  if (!replacement || !s || textAt(a, f.file, f.range) !== s.name) return [];
  const dep = parameterInfo(s.name)?.deprecated;
  // Would the successor then be set twice (already set, or another obsolete line maps to it)?
  const clash =
    f.file === 'main.cf'
      ? a.main.entries.some((e) => e.name === replacement || (e.name !== s.name && parameterInfo(e.name)?.deprecated?.replacement === replacement))
      : (s.scope?.service.overrides ?? []).some((o) => o.name === replacement || (o.name !== s.name && parameterInfo(o.name)?.deprecated?.replacement === replacement));
  if (dep?.note?.startsWith('Renamed')) {
    return [{ title: `Replace ${s.name} with ${replacement}`, isPreferred: !clash, edits: [{ file: f.file, range: s.nameRange, newText: replacement }] }];
  }
  const value = mappedValue(s.name, replacement, s.value);
  if (value === undefined) return [];
  const range = { start: s.nameRange.start, end: s.valueRange.end };
  const newText = f.file === 'main.cf' ? `${replacement} = ${value}` : `${replacement}=${value}`;
  return [{ title: `Replace with ${replacement} = ${value}`, isPreferred: !clash, edits: [{ file: f.file, range, newText }] }];
}

function duplicateFix(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const line = f.data?.earlierLine;
  if (f.file !== 'main.cf' || typeof line !== 'number') return [];
  const e = a.main.entries.find((x) => x.logical.firstLine === line);
  // Still the earlier of two settings, and still where the finding is.
  if (!e || f.range.start.line !== line || a.model.entryOf.get(e.name) === e || (str(f.data?.name) && e.name !== f.data?.name)) return [];
  const index = a.main.index;
  const first = e.logical.firstLine;
  const last = e.logical.pieces[e.logical.pieces.length - 1]!.line;
  let range: Range;
  if (last + 1 < index.starts.length) range = { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } };
  else if (first > 0) range = { start: { line: first - 1, character: index.lineLength(first - 1) }, end: { line: last, character: index.lineLength(last) } };
  else range = { start: { line: 0, character: 0 }, end: { line: last, character: index.lineLength(last) } };
  return [{ title: `Remove the overridden ${e.name} on line ${first + 1}`, isPreferred: true, edits: [{ file: 'main.cf', range, newText: '' }] }];
}

function chainFix(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const replacement = str(f.data?.replacement);
  const raw = textAt(a, f.file, f.range);
  if (!replacement || !replacement.startsWith('/') || !raw || raw.includes('\n')) return [];
  const base = replacement.slice(replacement.lastIndexOf('/') + 1);
  const slash = raw.lastIndexOf('/');
  const last = raw.slice(slash + 1);
  // Keep the way the path is written ($config_directory/…, a relative path): change only the file name.
  const range =
    last && !last.includes('$') && base
      ? { start: { line: f.range.start.line, character: f.range.start.character + slash + 1 }, end: f.range.end }
      : f.range;
  const newText = range === f.range ? replacement : base;
  return [{ title: `Use ${replacement} (the certificate with its chain)`, isPreferred: true, edits: [{ file: f.file, range, newText }] }];
}

const yes = (v: string) => v.toLowerCase() === 'yes';

/** smtpd's TLS level in a scope, as tls-disabled computes it. */
function tlsLevel(a: ConfigAnalysis, scope: MasterScope | null): string {
  const set = effective(a, 'smtpd_tls_security_level', scope).toLowerCase();
  if (set) return set;
  if (yes(effective(a, 'smtpd_enforce_tls', scope))) return 'encrypt';
  return yes(effective(a, 'smtpd_use_tls', scope)) ? 'may' : 'none';
}

function tlsFix(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const fix = str(f.data?.fix);
  const value = str(f.data?.value);
  if (!fix || (value !== 'may' && value !== 'encrypt')) return [];
  const serviceId = str(f.data?.service);
  const scope = serviceId ? (a.model.scopes.find((s) => s.service.id === serviceId && s.service.fields[7]!.text === 'smtpd') ?? null) : null;
  // Only where TLS is off: the finding about TLS asked for without a certificate needs a certificate.
  if (tlsLevel(a, scope) !== 'none') return [];
  const s = settingAt(a, f.file, f.range);
  if (!s) return [];
  const other = value === 'may' ? 'encrypt' : 'may';
  const make = (v: string): TextEdit[] => {
    if (s.name === fix) return [{ file: f.file, range: s.valueRange, newText: v }];
    // Not written here: add it after the line (main.cf) or after the -o (master.cf) the finding is on.
    const { at, eol } = insertionAfter(a, f.file, s.range);
    const newText = f.file === 'main.cf' ? `${eol}${fix} = ${v}` : `${eol}  -o ${fix}=${v}`;
    return [{ file: f.file, range: at, newText }];
  };
  return [
    { title: `Turn TLS on: ${fix} = ${value}`, isPreferred: true, edits: make(value) },
    { title: `Turn TLS on: ${fix} = ${other}`, isPreferred: false, edits: make(other) },
  ];
}

function invalidValueFix(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  const suggestion = str(f.data?.suggestion);
  const s = settingAt(a, f.file, f.range);
  const raw = textAt(a, f.file, f.range);
  const index = textOf(a, f.file);
  if (!suggestion || !s || !raw || !index) return [];
  const info = parameterInfo(s.name);
  const expanded = raw.includes('$');
  if (info?.type === 'list' && info.items) {
    // Replace the first word that is not an item, keeping its prefix (the "!" of "!SSLv3").
    const items = info.items.map((x) => x.toLowerCase());
    for (const w of wordsOf(raw)) {
      const prefix = (info.itemPrefixes ?? []).find((p) => w.text.startsWith(p)) ?? '';
      if (items.includes(w.text.slice(prefix.length).toLowerCase())) continue;
      if (w.text.includes('$')) return [];
      const start = index.offsetAt(f.range.start) + w.start + prefix.length;
      const range = { start: index.positionAt(start), end: index.positionAt(index.offsetAt(f.range.start) + w.end) };
      return [{ title: `Change ${w.text.slice(prefix.length)} to ${suggestion}`, isPreferred: true, edits: [{ file: f.file, range, newText: suggestion }] }];
    }
    return [];
  }
  return [{ title: `Change to ${suggestion}`, isPreferred: !expanded, edits: [{ file: f.file, range: f.range, newText: suggestion }] }];
}
