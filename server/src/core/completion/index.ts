// Completion: what to offer at the cursor (see context.ts for what is being typed). Pure; file names
// are the one thing the core cannot know: for a *_file value it answers with the directory to list,
// and pathCompletions() turns the caller's listing into items.

import { allParameters, compareVersions, deprecationIn, isAvailableIn, parameterDescription, parameterInfo, serviceParameterSuffixes, type ParameterInfo } from '../catalogue/catalogue';
import { MASTER_TYPES } from '../config/master-cf';
import type { LineIndex } from '../config/logical-lines';
import { FLAG_SERVICE, type MasterScope } from '../config/postconf-model';
import { clip } from '../markdown';
import { scopeOf, serviceAtLine, type ConfigFile } from '../navigation/at-position';
import { namesFiles } from '../navigation/file-path';
import type { Position, Range } from '../types';
import type { ConfigAnalysis } from '../analysis';
import { completionContext, type CompletionContext } from './context';
import { stripTrailing } from '../config/c-string';
import { MAC_PARSE_ERROR } from '../config/macro';

export type CompletionKind = 'parameter' | 'variable' | 'value' | 'file' | 'folder' | 'keyword' | 'service';

/** One completion; `documentation` is plain text (never Markdown). */
export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  deprecated?: boolean;
  sortText?: string;
  edit: { range: Range; newText: string };
}

export type CompletionAnswer =
  | { items: Completion[] }
  /** List this absolute directory (ends with "/") and pass its entries to pathCompletions(). */
  | { directory: string; range: Range };

export { completionContext, type CompletionContext };

/** The services of Postfix's default master.cf. */
const SERVICES = ['smtp', 'submission', 'submissions', 'smtps', 'pickup', 'cleanup', 'qmgr', 'tlsmgr', 'rewrite', 'bounce', 'defer', 'trace', 'verify', 'flush', 'proxymap', 'proxywrite', 'relay', 'showq', 'error', 'retry', 'discard', 'local', 'virtual', 'lmtp', 'anvil', 'scache', 'postlog', 'postscreen', 'smtpd', 'dnsblog', 'tlsproxy'];
const COMMANDS = ['smtpd', 'smtp', 'lmtp', 'local', 'virtual', 'pipe', 'spawn', 'pickup', 'cleanup', 'qmgr', 'oqmgr', 'tlsmgr', 'trivial-rewrite', 'bounce', 'showq', 'error', 'discard', 'flush', 'verify', 'proxymap', 'anvil', 'scache', 'postlogd', 'postscreen', 'dnsblog', 'tlsproxy'];
const FIELD_VALUES: readonly (readonly string[])[] = [SERVICES, MASTER_TYPES, ['y', 'n', '-'], ['y', 'n', '-'], ['y', 'n', '-'], ['-', '0', '60', '300', '1000?'], ['-', '0', '1', '100'], [...new Set([...COMMANDS, ...serviceParameterSuffixes.keys()])]];

export function typeSummary(info: ParameterInfo): string {
  if (info.type === 'enum' && info.values) return info.values.join(' | ');
  if (info.type === 'boolean') return 'yes | no';
  return info.type;
}

function keyword(label: string, range: Range, kind: CompletionKind = 'keyword', detail?: string): Completion {
  return { label, kind, edit: { range, newText: label }, ...(detail ? { detail } : {}) };
}

function parameterNames(a: ConfigAnalysis, range: Range, assign: string): Completion[] {
  const out: Completion[] = [];
  const seen = new Set<string>();
  for (const p of allParameters()) {
    if (p.class === 'readonly' || !isAvailableIn(p, a.version)) continue;
    seen.add(p.name);
    const dep = deprecationIn(p, a.version);
    out.push({
      label: p.name,
      kind: 'parameter',
      detail: dep ? `obsolete${dep.replacement ? `: use ${dep.replacement}` : ''}` : typeSummary(p),
      documentation: parameterDescription(p.name),
      ...(dep ? { deprecated: true } : {}),
      sortText: `${dep ? '1' : '0'}${p.name}`,
      edit: { range, newText: p.name + assign },
    });
  }
  // Names master.cf's services add (relay_destination_concurrency_limit for a "relay" service …).
  for (const [name, node] of a.model.table) {
    if (seen.has(name) || !(node.flags & FLAG_SERVICE)) continue;
    out.push({ label: name, kind: 'parameter', detail: 'for a master.cf service', sortText: `0${name}`, edit: { range, newText: name + assign } });
  }
  return out;
}

function values(a: ConfigAnalysis, c: Extract<CompletionContext, { kind: 'value' }>): Completion[] {
  const info = parameterInfo(c.name);
  if (!info) return [];
  const at = (start: number): Range => ({ start: { line: c.range.start.line, character: c.range.start.character + start }, end: c.range.end });
  const item = (v: string, range: Range): Completion => ({
    label: v,
    kind: 'value',
    ...(v === info.default ? { detail: 'the default' } : {}),
    edit: { range, newText: c.lead + v },
  });
  if (info.type === 'boolean' || info.class === 'bool' || info.class === 'nbool') return c.firstWord ? ['yes', 'no'].map((v) => item(v, c.range)) : [];
  if (info.type === 'enum' && info.values) {
    if (!c.firstWord) return [];
    return info.values.filter((v) => !info.valuesSince?.[v] || !/^\d/.test(info.valuesSince[v]!) || compareVersions(info.valuesSince[v]!, a.version) <= 0).map((v) => item(v, c.range));
  }
  if (info.type === 'list' && info.items) {
    // Keep a prefix already typed ("!SSLv3", ">=TLSv1.2"): complete the item after it.
    const prefix = [...(info.itemPrefixes ?? [])].sort((x, y) => y.length - x.length).find((p) => c.word.startsWith(p)) ?? '';
    return info.items.map((v) => item(v, at(prefix.length)));
  }
  return [];
}

function references(a: ConfigAnalysis, scope: MasterScope | null, c: Extract<CompletionContext, { kind: 'reference' }>): Completion[] {
  const names = new Set<string>([...a.model.table.keys(), ...a.model.dict.keys()]);
  if (scope) {
    for (const n of scope.params?.keys() ?? []) names.add(n);
    for (const n of scope.ro.keys()) names.add(n);
  }
  const out: Completion[] = [];
  for (const name of names) {
    const userDefined = !parameterInfo(name) && !a.model.table.has(name);
    const raw = scope?.params?.get(name) ?? scope?.ro.get(name) ?? a.model.dict.get(name);
    out.push({
      label: name,
      kind: userDefined || a.model.dict.has(name) ? 'variable' : 'parameter',
      ...(raw !== undefined ? { detail: clip(raw.replace(/\s+/g, ' '), 60) } : {}),
      documentation: parameterDescription(name),
      // Names this configuration sets come first.
      sortText: `${raw !== undefined ? '0' : '1'}${name}`,
      edit: { range: c.range, newText: name + c.close },
    });
  }
  return out;
}

/** The directory part of a path being typed, expanded; null when it is not an absolute path. */
function directoryOf(a: ConfigAnalysis, scope: MasterScope | null, word: string): string | null {
  const slash = word.lastIndexOf('/');
  if (slash === -1) return null;
  let dir = word.slice(0, slash + 1);
  if (dir.indexOf('$') !== -1) {
    const r = a.model.expand(dir, scope);
    if (r.status & MAC_PARSE_ERROR) return null;
    dir = r.value.trim();
  }
  return dir.startsWith('/') && !/[\s,]/.test(dir) ? `${stripTrailing(dir, '/')}/` : null;
}

/** `index` is the text the position is in; by default the analysed text of `file`. */
export function complete(a: ConfigAnalysis, file: ConfigFile, p: Position, index: LineIndex | undefined = file === 'main.cf' ? a.main.index : a.master?.index): CompletionAnswer {
  const c = index ? completionContext(index, file, p) : null;
  if (!c) return { items: [] };
  const service = file === 'master.cf' ? serviceAtLine(a, p.line) : undefined;
  const scope = service ? scopeOf(a, service) : null;
  switch (c.kind) {
    case 'name':
      return { items: parameterNames(a, c.range, c.assign) };
    case 'reference':
      return { items: references(a, scope, c) };
    case 'field':
      return { items: (FIELD_VALUES[c.field] ?? []).map((v) => keyword(v, c.range, c.field === 0 ? 'service' : 'keyword')) };
    case 'option':
      return { items: [keyword('-o', c.range, 'keyword', 'override a main.cf parameter for this service: -o name=value')] };
    case 'value': {
      if (namesFiles(c.name)) {
        const directory = directoryOf(a, scope, c.word);
        if (!directory) return { items: [] };
        const slash = c.word.lastIndexOf('/');
        const start = c.range.start.character + slash + 1;
        // From after the last "/" before the cursor to the end of the word.
        const end = Math.max(start, c.range.end.character);
        return { directory, range: { start: { line: c.range.start.line, character: start }, end: { line: c.range.end.line, character: end } } };
      }
      return { items: values(a, c) };
    }
  }
}

export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

/** Items for the entries of a listed directory: folders end in "/" so that typing goes on. */
export function pathCompletions(entries: readonly DirectoryEntry[], range: Range): Completion[] {
  return entries.map((e) => ({
    label: e.directory ? `${e.name}/` : e.name,
    kind: e.directory ? 'folder' : 'file',
    sortText: `${e.directory ? '0' : '1'}${e.name}`,
    edit: { range, newText: e.directory ? `${e.name}/` : e.name },
  }));
}
