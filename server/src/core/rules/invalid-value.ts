// invalid-value: a value Postfix will refuse when it reads the parameter: a boolean that is not
// yes/no, a number or time it cannot convert (or outside its limits), an enumeration value that does
// not exist, an empty value where one is required. Checked after $name expansion, exactly as the
// Postfix programs check it (and, like them, they stop with a fatal error when it is wrong).
//
// Judged as each program that reads the parameter sees it (main-cf-readers.ts): a master.cf daemon
// with its service's -o overrides applied first, other programs with main.cf alone. A main.cf value
// that is wrong only where nobody reads it is no finding; one that is wrong for some readers names
// them. An -o for a parameter the service's program never reads is not judged either.

import type { Finding, Range } from '../types';
import { compareVersions, parameterInfo, type ParameterInfo } from '../catalogue/catalogue';
import { compatLevelValue } from '../config/compat-level';
import { MAC_PARSE_ERROR } from '../config/macro';
import { FLAG_RAW, type MasterScope } from '../config/postconf-model';
import type { MainEntry } from '../config/main-cf';
import { quoteForMessage, serviceForMessage } from '../config/quote';
import type { Rule, RuleContext } from './rule';
import { editDistance } from './suggest';
import { invalidValueFix } from './invalid-value-fix';
import { commandLabel, listNames, mainCfReaders, mayDifferIn, referencesOf, serviceReads, someServiceMayChange } from './main-cf-readers';

export const invalidValueRule: Rule = {
  code: 'invalid-value',
  severity: 'error',
  why: 'Postfix programs stop with a fatal error when a parameter they read has a value they cannot use.',
  evidence: 'configuration',
  fixes: invalidValueFix,
  fixExamples: [
    { main: 'smtpd_tls_security_level = mayy\n', at: 'mayy', title: 'Change to may', after: 'smtpd_tls_security_level = may\n' },
    { main: 'smtpd_tls_protocols = !SSLv2, !SSLv33\n', at: '!SSLv2, !SSLv33', title: 'Change SSLv33 to SSLv3', after: 'smtpd_tls_protocols = !SSLv2, !SSLv3\n' },
  ],
  check(ctx) {
    const out: Finding[] = [];
    const { model } = ctx;
    for (const [name, e] of model.entryOf) {
      const f = checkMain(ctx, name, e);
      if (f) out.push({ ...f, file: 'main.cf' });
    }
    for (const sc of model.scopes) {
      if (!sc.params) continue;
      for (const [name, o] of sc.overrideOf) {
        if (sc.params.get(name) !== o.value || !serviceReads(sc, name)) continue;
        const f = checkOne(ctx, name, o.value, sc, () => (o.value.length === 0 ? o.range : o.valueRange));
        if (f) out.push({ ...f, file: 'master.cf', service: sc.service.id });
      }
    }
    return out;
  },
};

interface Judged {
  value: string;
  problem: Problem | null;
}

/** The value in a scope, expanded unless the parameter is raw; null when it cannot be expanded. */
function judge(ctx: RuleContext, info: ParameterInfo, name: string, raw: string, scope: MasterScope | null): Judged | null {
  let value = raw;
  if (!(ctx.model.table.get(name)!.flags & FLAG_RAW) && raw.includes('$')) {
    const r = ctx.model.expand(raw, scope);
    if (r.status & MAC_PARSE_ERROR) return null; // reported as syntax-error or reference-cycle
    value = r.value;
  }
  return { value, problem: describe(info, value, ctx.version, () => defaultIsEmpty(ctx, name)) };
}

/** Does the parameter's own default come out empty (then an empty value is what Postfix expects)? */
function defaultIsEmpty(ctx: RuleContext, name: string): boolean {
  const d = ctx.model.defaultValue(name);
  if (d === null || d === '') return true;
  if (!d.includes('$')) return false;
  const r = ctx.model.expand(d, null, true);
  return !(r.status & MAC_PARSE_ERROR) && r.value.trim() === '';
}

/** A main.cf setting, judged for every reader that uses it as main.cf has it. */
function checkMain(ctx: RuleContext, name: string, e: MainEntry): Omit<Finding, 'file'> | null {
  const info = parameterInfo(name);
  if (!info || !ctx.model.table.has(name)) return null;
  const raw = e.value;
  const expands = !(ctx.model.table.get(name)!.flags & FLAG_RAW) && raw.includes('$');
  const main = judge(ctx, info, name, raw, null);
  // Nearly every value is valid with main.cf alone and no -o can change it: done, without asking
  // who reads it.
  const refs = expands ? referencesOf(raw) : [];
  if (!main?.problem && !(refs.length > 0 && someServiceMayChange(ctx.model, refs))) return null;
  const readers = mainCfReaders(ctx, name);
  const bad: { who: string; judged: Judged }[] = [];
  if (readers.commands.length > 0 && main?.problem) bad.push({ who: readers.commands[0] === '*' ? '*' : readers.commands.map(commandLabel).join(', '), judged: main });
  for (const sc of readers.services) {
    // A service sees what main.cf alone gives unless its -o can change the expansion.
    const j = refs.length > 0 && mayDifferIn(ctx.model, sc, refs) ? judge(ctx, info, name, raw, sc) : main;
    if (j?.problem) bad.push({ who: serviceForMessage(sc.service.id), judged: j });
  }
  if (bad.length === 0) return null;
  const first = bad[0]!.judged;
  const everyone = bad[0]!.who === '*';
  const readerCount = (readers.commands.length > 0 ? 1 : 0) + readers.services.length;
  const who = listNames([...new Set(bad.map((b) => b.who))]);
  let shown = `"${quoteForMessage(raw)}"`;
  let tail = '';
  if (first.value !== raw) shown += ` (which expands to "${quoteForMessage(first.value)}"${everyone || bad.length === readerCount ? '' : ` for ${who}`})`;
  if (!everyone && (first.value === raw || bad.length === readerCount)) tail = ` It is read by ${who}.`;
  const range = e.valueRange.start.line === e.valueRange.end.line && e.value.length === 0 ? e.range : e.valueRange;
  return finding(name, shown, first.problem!, range, tail);
}

/** An -o value in its service's name space. `range` is called only for a finding. */
function checkOne(ctx: RuleContext, name: string, raw: string, scope: MasterScope, range: () => Range): Omit<Finding, 'file'> | null {
  const info = parameterInfo(name);
  if (!info || !ctx.model.table.has(name)) return null;
  const j = judge(ctx, info, name, raw, scope);
  if (!j?.problem) return null;
  const shown = j.value === raw ? `"${quoteForMessage(raw)}"` : `"${quoteForMessage(raw)}" (which expands to "${quoteForMessage(j.value)}")`;
  return finding(name, shown, j.problem, range(), '');
}

function finding(name: string, shown: string, problem: Problem, range: Range, tail: string): Omit<Finding, 'file'> {
  return {
    code: 'invalid-value',
    severity: 'error',
    message: `${name} = ${shown}: ${problem.text}${tail}`,
    range,
    name,
    ...(problem.suggestion ? { data: { suggestion: problem.suggestion } } : {}),
  };
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LONG_MAX = 9223372036854775807n;

interface Problem {
  text: string;
  suggestion?: string;
}

/** strtol(): leading blanks, sign, digits; the value and where the digits end. */
function strtol(s: string): { value: bigint; end: number; digits: number } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  const d0 = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const v = i > d0 ? BigInt(s.slice(d0, i)) : 0n;
  return { value: neg ? -v : v, end: i, digits: i - d0 };
}

const UNIT_SECONDS: ReadonlyMap<string, number> = new Map(Object.entries({ s: 1, m: 60, h: 3600, d: 86400, w: 604800 }));

/** conv_time(): number, then the first character after it (or the default unit) picks the unit. */
export function parseTime(s: string, defaultUnit: string): number | null {
  if (s.length === 0) return null;
  const t = strtol(s);
  if (t.value < 0n || t.value > BigInt(INT_MAX)) return null;
  const unit = t.end < s.length ? s[t.end] : defaultUnit;
  const mul = UNIT_SECONDS.get(unit);
  if (mul === undefined) return null;
  const n = Number(t.value);
  if (mul > 1 && n >= Math.floor(INT_MAX / mul)) return null;
  return n * mul;
}

function nearest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase(), 2);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function describe(info: ParameterInfo, v: string, version: string, defaultEmpty: () => boolean): Problem | null {
  const stops = 'Postfix stops with a fatal error when it reads this.';
  if (info.minLength && v.length < info.minLength) return { text: `this parameter must not be empty. ${stops}` };
  switch (info.class) {
    case 'bool':
    case 'nbool':
      if (/^(yes|no)$/i.test(v)) return null;
      return { text: `a yes/no setting needs "yes" or "no". ${stops}`, suggestion: /^(true|on|1|enabled?)$/i.test(v) ? 'yes' : /^(false|off|0|disabled?)$/i.test(v) ? 'no' : undefined };
    case 'int':
    case 'nint':
    case 'long': {
      const t = strtol(v);
      const long = info.class === 'long';
      if (t.digits === 0 || t.end !== v.length) return { text: `this needs a whole number${/^\d+\s*[kmg]b?$/i.test(v) ? ' in bytes (Postfix has no size units)' : ''}. ${stops}` };
      if (long ? t.value > LONG_MAX || t.value < -LONG_MAX - 1n : t.value > BigInt(INT_MAX) || t.value < BigInt(INT_MIN)) return { text: `this number is too large. ${stops}` };
      if (info.min !== undefined && t.value < BigInt(info.min)) return { text: `the smallest allowed value is ${info.min}. ${stops}` };
      if (info.max && t.value > BigInt(info.max)) return { text: `the largest allowed value is ${info.max}. ${stops}` };
      return null;
    }
    case 'time': {
      const secs = parseTime(v, info.unit ?? 's');
      if (secs === null) return { text: `a time needs a number with an optional unit s, m, h, d or w (e.g. 300s, 5m, 1h). ${stops}` };
      if (info.min !== undefined && secs < info.min) return { text: `the shortest allowed time is ${info.min}s. ${stops}` };
      if (info.max && secs > info.max) return { text: `the longest allowed time is ${info.max}s. ${stops}` };
      return null;
    }
  }
  if (info.name === 'compatibility_level') {
    return compatLevelValue(v) === null ? { text: `a compatibility level looks like 2, 3.6 or 3.7. ${stops}` } : null;
  }
  if (info.type === 'enum' && info.values) {
    if (v.length === 0 && defaultEmpty()) return null;
    const hit = info.values.find((x) => x.toLowerCase() === v.toLowerCase());
    const since = hit && info.valuesSince?.[hit];
    if (hit && since && compareVersions(since, version) > 0) return { text: `"${hit}" is accepted from Postfix ${since} on, not by ${version}.` };
    if (hit) return null;
    return { text: `use one of: ${info.values.join(', ')}.`, suggestion: nearest(v, info.values) };
  }
  if (info.type === 'list' && info.items && v.length > 0) {
    for (const word of v.split(/[\s,]+/).filter(Boolean)) {
      let w = word;
      for (const p of info.itemPrefixes ?? []) if (w.startsWith(p)) {
        w = w.slice(p.length);
        break;
      }
      if (!info.items.some((x) => x.toLowerCase() === w.toLowerCase())) {
        return { text: `"${quoteForMessage(word)}" is not one of: ${info.items.join(', ')}.`, suggestion: nearest(w, info.items) };
      }
    }
  }
  return null;
}
