// read-only-parameter: main.cf or a master.cf -o assigns process_id, process_name or service_name,
// which Postfix sets itself for every program. postconf warns ("read-only parameter assignment")
// and drops the assignment, so a $name that refers to it gets Postfix's value, not this one.

import type { Finding } from '../types';
import { nameForMessage, quoteForMessage } from '../config/quote';
import type { Rule } from './rule';

export const readOnlyParameterRule: Rule = {
  code: 'read-only-parameter',
  severity: 'warning',
  why: 'Postfix sets process_id, process_name and service_name itself; assigning one has no effect and misleads the reader.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'readonly' || !w.range || !w.name) continue;
      const value = ctx.model.entryOf.get(w.name)?.value;
      out.push({
        code: 'read-only-parameter',
        severity: 'warning',
        message:
          `${nameForMessage(w.name)} is set by Postfix itself for each program and cannot be assigned: postconf ignores ` +
          `this setting${w.file === 'main.cf' && value !== undefined ? ` ("${quoteForMessage(value)}")` : ''} (postconf: "read-only parameter assignment"). Remove it.`,
        range: w.range,
        name: w.name,
        file: w.file,
        ...(w.service ? { service: w.service } : {}),
      });
    }
    return out;
  },
};
