// table-config-unknown-parameter: a database table's client configuration file sets a name its
// client does not know (postconf: "mysql:/etc/postfix/x.cf: unused parameter: hots=db"). Usually a
// typo, which leaves the real setting at its default; reported on the words that name the file.

import type { Finding } from '../types';
import { dbmsParameterSuffixes } from '../catalogue/catalogue';
import { nameForMessage, quoteForMessage } from '../config/quote';
import type { Rule } from './rule';
import { editDistance } from './suggest';
import { tableFinding, tableName, tableNotes } from './table-config';

export const tableConfigUnknownParameterRule: Rule = {
  code: 'table-config-unknown-parameter',
  severity: 'warning',
  why: 'A database table ignores a setting it does not know, so a misspelt name leaves the real setting at its default.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of tableNotes(ctx, ['unused'])) {
      const t = w.table;
      const param = t.param ?? '';
      const suggestion = closest(param, dbmsParameterSuffixes.get(t.type) ?? []);
      out.push(
        tableFinding(
          'table-config-unknown-parameter',
          'warning',
          `${tableName(t)} sets ${nameForMessage(param)}${t.line ? ` (line ${t.line})` : ''} = "${quoteForMessage(t.value ?? '')}", which ${nameForMessage(t.type)}_table(5) does not know: ` +
            `it is ignored (postconf: "unused parameter").${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
          w,
        ),
      );
    }
    return out;
  },
};

function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name, k, bestDistance - 1);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}
