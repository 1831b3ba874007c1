// What is at a position of main.cf or master.cf: a parameter name, a value (with the offset in it),
// a $reference inside a value, or a master.cf field. Pure; positions are LSP's (0-based line,
// UTF-16 character). Never throws: a position outside the text, on a comment or on a line Postfix
// ignores answers null.

import type { LogicalLine } from '../config/logical-lines';
import type { MainEntry } from '../config/main-cf';
import type { MasterService, Override } from '../config/master-cf';
import { scanReferences, type MacroReference } from '../config/macro';
import { FLAG_RAW, type MasterScope } from '../config/postconf-model';
import type { Position, Range } from '../types';
import type { ConfigAnalysis } from '../analysis';
import { logicalRange } from '../config/logical-lines';

export type ConfigFile = 'main.cf' | 'master.cf';

/** Where a name = value is written: a main.cf line or a master.cf -o. */
export interface Setting {
  file: ConfigFile;
  name: string;
  /** The raw value as written (pieces joined, trimmed). */
  value: string;
  nameRange: Range;
  valueRange: Range;
  /** The whole main.cf logical line, or the -o from "-o" to the end of its value. */
  range: Range;
  /** The scope the value is expanded in: null for main.cf, the service for an -o. */
  scope: MasterScope | null;
  entry?: MainEntry;
  override?: Override;
  /** Maps an offset inside `value` to a document range. */
  toRange(start: number, end: number): Range;
}

export type Target =
  | { kind: 'name'; setting: Setting; range: Range }
  /** `offset` is the cursor's offset inside setting.value. */
  | { kind: 'value'; setting: Setting; range: Range; offset: number }
  /** `range` covers the name only (no "$", no braces); `refRange` the whole reference. */
  | { kind: 'reference'; setting: Setting; name: string; range: Range; refRange: Range }
  /** One of the eight fixed fields of a master.cf service (0 = service name … 7 = command). */
  | { kind: 'field'; service: MasterService; scope: MasterScope | null; field: number; range: Range };

export function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** The offset in a logical line's text of a document position; null when it is not on one of its lines. */
export function logicalOffset(ll: LogicalLine, p: Position): number | null {
  for (const piece of ll.pieces) {
    if (piece.line !== p.line) continue;
    const c = p.character - piece.character;
    return c >= 0 && c <= piece.length ? piece.offset + c : null;
  }
  return null;
}

function lastLine(ll: LogicalLine): number {
  return ll.pieces[ll.pieces.length - 1]!.line;
}

/** Binary search over items in file order by their logical line. */
function byLine<T>(items: readonly T[], line: number, ll: (t: T) => LogicalLine): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = ll(items[mid]!);
    if (line < l.firstLine) hi = mid - 1;
    else if (line > lastLine(l)) lo = mid + 1;
    else return items[mid];
  }
  return undefined;
}

export function mainSetting(e: MainEntry): Setting {
  return {
    file: 'main.cf',
    name: e.name,
    value: e.value,
    nameRange: e.nameRange,
    valueRange: e.valueRange,
    range: e.range,
    scope: null,
    entry: e,
    toRange: (a, b) => logicalRange(e.logical, e.valueOffset + a, e.valueOffset + b),
  };
}

export function overrideSetting(o: Override, service: MasterService, scope: MasterScope | null): Setting {
  return {
    file: 'master.cf',
    name: o.name,
    value: o.value,
    nameRange: o.nameRange,
    valueRange: o.valueRange,
    range: o.range,
    scope,
    override: o,
    toRange: (a, b) => logicalRange(service.logical, o.valueOffset + a, o.valueOffset + b),
  };
}

/** The model's scope of a service (services with the same service/type share their -o values). */
export function scopeOf(a: ConfigAnalysis, service: MasterService): MasterScope | null {
  return a.model.scopes.find((s) => s.service === service) ?? null;
}

/** The main.cf entry at a line (any line of its logical line). */
export function entryAtLine(a: ConfigAnalysis, line: number): MainEntry | undefined {
  return byLine(a.main.entries, line, (e) => e.logical);
}

export function serviceAtLine(a: ConfigAnalysis, line: number): MasterService | undefined {
  return a.master ? byLine(a.master.services, line, (s) => s.logical) : undefined;
}

/** The $references of a value Postfix expands (raw parameters are never expanded). */
export function referencesIn(a: ConfigAnalysis, name: string, value: string): MacroReference[] {
  if (value.indexOf('$') === -1) return [];
  const node = a.model.table.get(name);
  if (node && node.flags & FLAG_RAW) return [];
  return scanReferences(value).refs;
}

export function targetAt(a: ConfigAnalysis, file: ConfigFile, p: Position): Target | null {
  if (p.line < 0 || p.character < 0) return null;
  if (file === 'main.cf') {
    const e = entryAtLine(a, p.line);
    return e ? inSetting(a, mainSetting(e), e.logical, e.valueOffset, p) : null;
  }
  const s = serviceAtLine(a, p.line);
  if (!s) return null;
  const scope = scopeOf(a, s);
  for (const o of s.overrides) {
    if (contains(o.nameRange, p) || contains(o.valueRange, p)) return inSetting(a, overrideSetting(o, s, scope), s.logical, o.valueOffset, p);
  }
  const field = s.fields.findIndex((f) => contains(f.range, p));
  if (field !== -1) return { kind: 'field', service: s, scope, field, range: s.fields[field]!.range };
  return null;
}

function inSetting(a: ConfigAnalysis, setting: Setting, ll: LogicalLine, valueOffset: number, p: Position): Target | null {
  if (contains(setting.nameRange, p)) return { kind: 'name', setting, range: setting.nameRange };
  const at = logicalOffset(ll, p);
  if (at === null) return null;
  const offset = at - valueOffset;
  if (offset < 0 || offset > setting.value.length) return null;
  const refs = referencesIn(a, setting.name, setting.value);
  // The innermost reference: the one whose name holds the cursor, else the shortest around it.
  let best: MacroReference | undefined;
  for (const r of refs) {
    if (offset >= r.start && offset <= r.end) {
      best = r;
      break;
    }
    if (offset >= r.refStart && offset <= r.refEnd && (!best || r.refEnd - r.refStart < best.refEnd - best.refStart)) best = r;
  }
  if (best) {
    return { kind: 'reference', setting, name: best.name, range: setting.toRange(best.start, best.end), refRange: setting.toRange(best.refStart, best.refEnd) };
  }
  return { kind: 'value', setting, range: setting.valueRange, offset };
}
