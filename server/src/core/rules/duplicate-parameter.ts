// duplicate-parameter: a parameter set twice in main.cf with different values. Postfix uses the later
// one ("overriding earlier entry"); the earlier line is dead text that misleads the next reader.
// Reported on the earlier, overridden line (that is the one to delete), naming the line that wins.

import type { Finding } from '../types';
import { nameForMessage, quoteForMessage } from '../config/quote';
import type { Rule } from './rule';

export const duplicateParameterRule: Rule = {
  code: 'duplicate-parameter',
  severity: 'warning',
  why: 'Only the last setting of a parameter counts; an earlier one with another value is ignored and misleads whoever reads the file.',
  // One at a time: a generated file repeats a name a hundred thousand times.
  *check(ctx) {
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'duplicate' || !w.later) continue;
      if (!w.earlier) {
        // The first config_directory comes from where main.cf was read (postconf -c, MAIL_CONFIG).
        yield {
          code: 'duplicate-parameter',
          severity: 'warning',
          message:
            `config_directory is set to "${quoteForMessage(w.later.value)}" here, but this main.cf is read from ` +
            `"${quoteForMessage(ctx.model.options.configDir)}", which Postfix sets as config_directory first; this line overrides it ` +
            '(postconf: "overriding earlier entry"). Remove it unless Postfix really reads this file from elsewhere.',
          range: w.later.nameRange,
          name: w.later.name,
          file: 'main.cf',
        };
        continue;
      }
      const later = w.later;
      yield {
        code: 'duplicate-parameter',
        severity: 'warning',
        message:
          `${nameForMessage(w.earlier.name)} is set again on line ${later.logical.firstLine + 1} ("${quoteForMessage(later.value)}"), ` +
          `so this value ("${quoteForMessage(w.earlier.value)}") is ignored.`,
        range: w.earlier.nameRange,
        name: w.earlier.name,
        file: 'main.cf',
        data: { laterLine: later.logical.firstLine, earlierLine: w.earlier.logical.firstLine },
      } satisfies Finding;
    }
  },
};
