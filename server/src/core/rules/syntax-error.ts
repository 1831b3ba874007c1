// syntax-error: a main.cf line Postfix cannot read, or a $-expression it cannot parse
// ("${name" without its "}", "$" followed by nothing, "${a b}"). Both stop Postfix when it reads them.

import type { Finding } from '../types';
import type { Rule } from './rule';

export const syntaxErrorRule: Rule = {
  code: 'syntax-error',
  severity: 'error',
  why: 'A line or $-expression Postfix cannot read makes postconf and the Postfix programs that use it stop with a fatal error.',
  check(ctx) {
    const out: Finding[] = ctx.main.findings.filter((f) => f.code === 'syntax-error');
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'macro' || w.problem?.kind !== 'syntax' || !w.range) continue;
      out.push({
        code: 'syntax-error',
        severity: 'error',
        message: `Postfix cannot expand this value: ${w.text}.`,
        range: w.range,
        file: w.file,
        ...(w.service ? { service: w.service } : {}),
      });
    }
    return out;
  },
};
