// duplicate-parameter: a parameter set twice in main.cf with different values. Postfix uses the later
// one ("overriding earlier entry"); the earlier line is dead text that misleads the next reader.
// Reported on the earlier, overridden line (that is the one to delete), naming the line that wins.

import type { Finding } from '../types';
import { quoteForMessage } from '../config/quote';
import type { Rule } from './rule';

export const duplicateParameterRule: Rule = {
  code: 'duplicate-parameter',
  severity: 'warning',
  why: 'Only the last setting of a parameter counts; an earlier one with another value is ignored and misleads whoever reads the file.',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'duplicate' || !w.earlier || !w.later) continue;
      const later = w.later;
      out.push({
        code: 'duplicate-parameter',
        severity: 'warning',
        message:
          `${w.earlier.name} is set again on line ${later.logical.firstLine + 1} ("${quoteForMessage(later.value)}"), ` +
          `so this value ("${quoteForMessage(w.earlier.value)}") is ignored.`,
        range: w.earlier.nameRange,
        name: w.earlier.name,
        file: 'main.cf',
        data: { laterLine: later.logical.firstLine, earlierLine: w.earlier.logical.firstLine },
      });
    }
    return out;
  },
};
