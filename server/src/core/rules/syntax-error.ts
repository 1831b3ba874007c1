// syntax-error: a main.cf line Postfix cannot read, or a $-expression it cannot parse
// ("${name" without its "}", "$" followed by nothing, "${a b}"), or a <level comparison with
// something that is not a compatibility level: all stop Postfix when it reads them. Also, as
// warnings, {...} whose braces do not balance in a value that names lookup tables (postconf
// warns, and the tables after it are not what was meant).

import type { Finding } from '../types';
import { quoteForMessage } from '../config/quote';
import type { Rule } from './rule';

export const syntaxErrorRule: Rule = {
  code: 'syntax-error',
  severity: 'error',
  why: 'A line or $-expression Postfix cannot read makes postconf and the Postfix programs that use it stop with a fatal error.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = ctx.main.findings.filter((f) => f.code === 'syntax-error');
    // postconf reports a value's problems when it scans the value and again when it expands it.
    const seen = new Set<string>();
    const add = (f: Finding) => {
      const key = `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(f);
    };
    for (const w of ctx.model.warnings) {
      if (!w.range) continue;
      const service = w.service ? { service: w.service } : {};
      if (w.kind === 'macro' && w.problem?.kind === 'syntax') {
        add({ code: 'syntax-error', severity: 'error', message: `Postfix cannot expand this value: ${quoteForMessage(w.text, 200)}.`, range: w.range, file: w.file, ...service });
      } else if (w.kind === 'macro' && w.problem?.kind === 'compat-level') {
        add({
          code: 'syntax-error',
          severity: 'error',
          message:
            `This <level comparison gets something that is not a compatibility level (postconf: ${quoteForMessage(w.text, 200)}): ` +
            'a level looks like 2, 3.6 or 3.7.1. postconf and the Postfix programs that read this value stop with a fatal error.',
          range: w.range,
          file: w.file,
          ...service,
        });
      } else if (w.kind === 'brace') {
        add({
          code: 'syntax-error',
          severity: 'warning',
          message:
            `The braces in this value do not balance (postconf: ${quoteForMessage(w.text, 200)}), so the lookup tables and ` +
            'restrictions in it are not read as written. Close each "{" with a "}" and put nothing right after the "}".',
          range: w.range,
          file: w.file,
          name: w.name,
          ...service,
        });
      }
    }
    return out;
  },
};
