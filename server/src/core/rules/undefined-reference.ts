// undefined-reference: a $name that nothing defines: not a Postfix parameter, not set in main.cf,
// not set by -o in master.cf. Postfix expands it to nothing, which silently changes the value.
// One finding per undefined name per logical line, on its first use there (a value that repeats
// $y 350,000 times has one root cause, not 350,000); the message says how often it occurs.

import type { Finding } from '../types';
import type { PostconfWarning } from '../config/postconf-model';
import { nameForMessage, serviceForMessage } from '../config/quote';
import type { Rule, RuleContext } from './rule';
import { suggestParameter } from './suggest';
import { suggestedNameFix } from './fix';

export const undefinedReferenceRule: Rule = {
  code: 'undefined-reference',
  severity: 'warning',
  why: 'Postfix replaces an undefined $name with nothing, so the value silently becomes something else than intended.',
  evidence: 'configuration',
  fixes: suggestedNameFix((current, suggestion) => `Change $${current} to $${suggestion}`),
  fixExamples: [
    {
      main: 'smtpd_banner = $myhostnme ESMTP\n',
      at: 'myhostnme',
      title: 'Change $myhostnme to $myhostname',
      after: 'smtpd_banner = $myhostname ESMTP\n',
    },
  ],
  *check(ctx) {
    const firstLineOf = logicalLines(ctx);
    // The names seen per (file, service, logical line, kind): only the first use of each is a
    // finding. Warnings come in document order, so the set of the previous warning is usually the one.
    let lastKey = '';
    let seen = new Set<string>();
    const byGroup = new Map<string, Set<string>>();
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'undefined' || !w.name) continue;
      const range = w.range;
      if (!range) continue;
      const key = groupOf(w, range, firstLineOf);
      if (key !== lastKey) {
        lastKey = key;
        let names = byGroup.get(key);
        if (!names) byGroup.set(key, (names = new Set()));
        seen = names;
      }
      if (seen.has(w.name)) continue;
      seen.add(w.name);
      yield placed(w, range, key);
    }
  },
  // The words, with how often each name is used in its group: counted in one more pass over the
  // warnings, for the listed findings only (a line of 400,000 different names kept a count for each).
  word(findings, ctx) {
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(countKey((f.data as { group: string }).group, f.name!), 0);
    const firstLineOf = logicalLines(ctx);
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'undefined' || !w.name) continue;
      const range = w.range;
      if (!range) continue;
      const k = countKey(groupOf(w, range, firstLineOf), w.name);
      const n = counts.get(k);
      if (n !== undefined) counts.set(k, n + 1);
    }
    return findings.map((f) => worded(f, counts.get(countKey((f.data as { group: string }).group, f.name!)) ?? 1, ctx));
  },
};

/** The group of a warning: file, service, the first line of its logical line, and its kind. */
function groupOf(w: PostconfWarning, range: Finding['range'], firstLineOf: Record<'main.cf' | 'master.cf', Map<number, number>>): string {
  const file = w.file ?? 'main.cf';
  const line = firstLineOf[file].get(range.start.line) ?? range.start.line;
  return `${file}\0${w.service ?? ''}\0${line}\0${w.restrictionClass ? 'c' : '$'}`;
}

const countKey = (group: string, name: string) => `${group}\0${name}`;

/** Physical line → first physical line of its logical line, for each file. */
function logicalLines(ctx: RuleContext): Record<'main.cf' | 'master.cf', Map<number, number>> {
  const out = { 'main.cf': new Map<number, number>(), 'master.cf': new Map<number, number>() };
  for (const e of ctx.main.entries) if (e.logical.pieces.length > 1) for (const p of e.logical.pieces) out['main.cf'].set(p.line, e.logical.firstLine);
  for (const s of ctx.master?.services ?? []) if (s.logical.pieces.length > 1) for (const p of s.logical.pieces) out['master.cf'].set(p.line, s.logical.firstLine);
  return out;
}

/** The finding in its place; its words come when it is listed (see word()). */
function placed(w: PostconfWarning, range: Finding['range'], group: string): Finding {
  return {
    code: 'undefined-reference',
    severity: 'warning',
    message: `$${nameForMessage(w.name!)} is not defined anywhere.`,
    range,
    name: w.name,
    file: w.file,
    ...(w.service ? { service: w.service } : {}),
    data: { group, ...(w.restrictionClass ? { restrictionClass: true } : {}) },
  };
}

/** The message (with a did-you-mean search, which costs about 30 µs a name). */
function worded(f: Finding, count: number, ctx: RuleContext): Finding {
  const { restrictionClass } = f.data as { restrictionClass?: boolean };
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
