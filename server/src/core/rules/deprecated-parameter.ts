// deprecated-parameter: a parameter that Postfix has replaced. It may still work today, but newer
// Postfix versions warn about it or drop it, and its successor often behaves better. Only what is
// obsolete in the target version: a parameter that a later release makes obsolete is the right
// setting for this one (check with --postfix-version of the new release before upgrading).

import type { Finding } from '../types';
import { deprecationIn, parameterInfo } from '../catalogue/catalogue';
import type { Rule } from './rule';

export const deprecatedParameterRule: Rule = {
  code: 'deprecated-parameter',
  severity: 'warning',
  why: 'Obsolete parameters keep working only for a while; their replacements are what current Postfix documents and tests.',
  check(ctx) {
    const out: Finding[] = [];
    // The setting's name range is worked out only for a finding (a large file has thousands of settings).
    const report = (name: string, at: { nameRange: Finding['range'] }, file: 'main.cf' | 'master.cf', service?: string) => {
      const info = parameterInfo(name);
      const dep = info && deprecationIn(info, ctx.version);
      if (!dep) return;
      const parts = [`${name} is obsolete${dep.since ? ` since Postfix ${dep.since}` : ''}`];
      if (dep.replacement) parts.push(`use ${dep.replacement} instead`);
      out.push({
        code: 'deprecated-parameter',
        severity: 'warning',
        message: parts.join(': ') + '.' + (dep.note ? ` ${dep.note}` : ''),
        range: at.nameRange,
        name,
        file,
        ...(service ? { service } : {}),
        ...(dep.replacement ? { data: { replacement: dep.replacement } } : {}),
      });
    };
    for (const e of ctx.main.entries) report(e.name, e, 'main.cf');
    for (const s of ctx.master?.services ?? []) for (const o of s.overrides) report(o.name, o, 'master.cf', s.id);
    return out;
  },
};
