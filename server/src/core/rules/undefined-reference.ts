// undefined-reference: a $name that nothing defines: not a Postfix parameter, not set in main.cf,
// not set by -o in master.cf. Postfix expands it to nothing, which silently changes the value.
// One finding per undefined name per logical line, on its first use there (a value that repeats
// $y 350,000 times has one root cause, not 350,000); the message says how often it occurs.

import type { Finding } from '../types';
import type { PostconfWarning } from '../config/postconf-model';
import { nameForMessage, serviceForMessage } from '../config/quote';
import type { Rule, RuleContext } from './rule';
import { suggestParameter } from './suggest';

export const undefinedReferenceRule: Rule = {
  code: 'undefined-reference',
  severity: 'warning',
  why: 'Postfix replaces an undefined $name with nothing, so the value silently becomes something else than intended.',
  *check(ctx) {
    const firstLineOf = logicalLines(ctx);
    // Per (file, service, logical line, kind): the first warning of each name and how many there
    // are. Warnings come in document order, so the map of the previous warning is usually the one.
    const groups: Map<string, { w: PostconfWarning; count: number }>[] = [];
    let lastKey = '';
    let names = new Map<string, { w: PostconfWarning; count: number }>();
    const byLine = new Map<string, Map<string, { w: PostconfWarning; count: number }>>();
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'undefined' || !w.name) continue;
      const range = w.range;
      if (!range) continue;
      const file = w.file ?? 'main.cf';
      const line = firstLineOf[file].get(range.start.line) ?? range.start.line;
      const key = `${file}\0${w.service ?? ''}\0${line}\0${w.restrictionClass ? 'c' : '$'}`;
      if (key !== lastKey) {
        lastKey = key;
        let m = byLine.get(key);
        if (!m) {
          m = new Map();
          byLine.set(key, m);
          groups.push(m);
        }
        names = m;
      }
      const g = names.get(w.name);
      if (g) g.count++;
      else names.set(w.name, { w, count: 1 });
    }
    for (const m of groups) for (const { w, count } of m.values()) yield placed(w, count);
  },
  word,
};

/** Physical line → first physical line of its logical line, for each file. */
function logicalLines(ctx: RuleContext): Record<'main.cf' | 'master.cf', Map<number, number>> {
  const out = { 'main.cf': new Map<number, number>(), 'master.cf': new Map<number, number>() };
  for (const e of ctx.main.entries) if (e.logical.pieces.length > 1) for (const p of e.logical.pieces) out['main.cf'].set(p.line, e.logical.firstLine);
  for (const s of ctx.master?.services ?? []) if (s.logical.pieces.length > 1) for (const p of s.logical.pieces) out['master.cf'].set(p.line, s.logical.firstLine);
  return out;
}

/** The finding in its place; its words come when it is listed (see word()). */
function placed(w: PostconfWarning, count: number): Finding {
  return {
    code: 'undefined-reference',
    severity: 'warning',
    message: `$${nameForMessage(w.name!)} is not defined anywhere.`,
    range: w.range!,
    name: w.name,
    file: w.file,
    ...(w.service ? { service: w.service } : {}),
    data: { count, ...(w.restrictionClass ? { restrictionClass: true } : {}) },
  };
}

/** The message (with a did-you-mean search, which costs about 30 µs a name: only for listed findings). */
function word(f: Finding, ctx: RuleContext): Finding {
  const { count, restrictionClass } = f.data as { count: number; restrictionClass?: boolean };
  const { data: _placed, ...common } = f;
  const name = nameForMessage(f.name!);
  if (restrictionClass) {
    return {
      ...common,
      message:
        `${name} is listed in smtpd_restriction_classes but not defined: add "${name} = <restrictions>" ` +
        `to main.cf, or Postfix will refuse mail where a restriction uses it.`,
    };
  }
  const guess = suggestParameter(f.name!, ctx.version);
  return {
    ...common,
    message:
      `$${name} is not defined anywhere (not a Postfix ${ctx.version} parameter, not set in main.cf` +
      `${f.service ? ` or by -o in ${serviceForMessage(f.service)}` : ''}), so Postfix replaces it with nothing.` +
      (guess ? ` Did you mean $${guess}?` : '') +
      (count > 1 ? ` It is used ${count} times in this ${f.file === 'master.cf' ? 'master.cf entry' : 'value'}; this is the first.` : ''),
    ...(guess ? { data: { suggestion: guess } } : {}),
  };
}
