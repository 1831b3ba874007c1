// undefined-reference: a $name that nothing defines: not a Postfix parameter, not set in main.cf,
// not set by -o in master.cf. Postfix expands it to nothing, which silently changes the value.

import type { Finding } from '../types';
import type { Rule } from './rule';
import { suggestParameter } from './suggest';

export const undefinedReferenceRule: Rule = {
  code: 'undefined-reference',
  severity: 'warning',
  why: 'Postfix replaces an undefined $name with nothing, so the value silently becomes something else than intended.',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'undefined' || !w.range || !w.name) continue;
      const guess = suggestParameter(w.name, ctx.version);
      if (w.restrictionClass) {
        out.push({
          code: 'undefined-reference',
          severity: 'warning',
          message:
            `${w.name} is listed in smtpd_restriction_classes but not defined: add "${w.name} = <restrictions>" ` +
            `to main.cf, or Postfix will refuse mail where a restriction uses it.`,
          range: w.range,
          name: w.name,
          file: w.file,
          ...(w.service ? { service: w.service } : {}),
        });
        continue;
      }
      out.push({
        code: 'undefined-reference',
        severity: 'warning',
        message:
          `$${w.name} is not defined anywhere (not a Postfix ${ctx.version} parameter, not set in main.cf` +
          `${w.service ? ` or by -o in ${w.service}` : ''}), so Postfix replaces it with nothing.` +
          (guess ? ` Did you mean $${guess}?` : ''),
        range: w.range,
        name: w.name,
        file: w.file,
        ...(w.service ? { service: w.service } : {}),
        ...(guess ? { data: { suggestion: guess } } : {}),
      });
    }
    return out;
  },
};
