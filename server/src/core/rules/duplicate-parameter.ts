// duplicate-parameter: a parameter set twice in main.cf with different values. Postfix uses the later
// one ("overriding earlier entry"); the earlier line is dead text that misleads the next reader.
// Reported on the earlier, overridden line (that is the one to delete), naming the line that wins.

import type { Finding, Range } from '../types';
import { nameForMessage, quoteForMessage } from '../config/quote';
import type { Rule } from './rule';
import { str, type Fixes } from './fix';

export const duplicateParameterRule: Rule = {
  code: 'duplicate-parameter',
  severity: 'warning',
  why: 'Only the last setting of a parameter counts; an earlier one with another value is ignored and misleads whoever reads the file.',
  evidence: 'configuration',
  fixes: (a, f) => duplicateFix(a, f),
  fixExamples: [
    {
      main: 'mynetworks = 127.0.0.0/8\n  [::1]/128\n# the real one:\nmynetworks = 10.0.0.0/8\n',
      at: 'mynetworks',
      title: 'Remove the overridden mynetworks on line 1',
      after: '# the real one:\nmynetworks = 10.0.0.0/8\n',
    },
  ],
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

/** The earlier logical line goes, continuation lines included; the lines around it stay. */
const duplicateFix: Fixes = (a, f) => {
  const line = f.data?.earlierLine;
  if (f.file !== 'main.cf' || typeof line !== 'number') return [];
  const e = a.main.entries.find((x) => x.logical.firstLine === line);
  // Still the earlier of two settings, and still where the finding is.
  if (!e || f.range.start.line !== line || a.model.entryOf.get(e.name) === e || (str(f.data?.name) && e.name !== f.data?.name)) return [];
  const index = a.main.index;
  const first = e.logical.firstLine;
  const last = e.logical.pieces[e.logical.pieces.length - 1]!.line;
  let range: Range;
  if (last + 1 < index.starts.length) range = { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } };
  else if (first > 0) range = { start: { line: first - 1, character: index.lineLength(first - 1) }, end: { line: last, character: index.lineLength(last) } };
  else range = { start: { line: 0, character: 0 }, end: { line: last, character: index.lineLength(last) } };
  return [{ title: `Remove the overridden ${e.name} on line ${first + 1}`, isPreferred: true, edits: [{ file: 'main.cf', range, newText: '' }] }];
};
