// table-config-syntax: what postconf says about how a database table's client configuration file is
// written: a line without "=" (postconf and the table's client stop: an error), a first line that
// starts with whitespace (ignored), a name set twice (the earlier value is ignored).

import type { Finding } from '../types';
import { nameForMessage, quoteForMessage } from '../config/quote';
import type { Rule } from './rule';
import { tableFinding, tableName, tableNotes } from './table-config';

export const tableConfigSyntaxRule: Rule = {
  code: 'table-config-syntax',
  severity: 'error',
  why: 'A database table client configuration file Postfix cannot read stops postconf and the table; duplicate and indented lines are ignored.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of tableNotes(ctx, ['syntax', 'whitespace', 'duplicate'])) {
      const t = w.table;
      const name = tableName(t);
      if (t.problem === 'syntax') {
        out.push(
          tableFinding(
            'table-config-syntax',
            'error',
            `${name}, line ${t.line}: a line there is not "name = value" (postconf: ${quoteForMessage((t.value ?? '').replace(/^.*?: /, ''), 120)}). ` +
              'postconf stops with a fatal error, and so does every Postfix program that opens this table.',
            w,
          ),
        );
      } else if (t.problem === 'whitespace') {
        out.push(tableFinding('table-config-syntax', 'warning', `${name}, line ${t.line}: the first line starts with whitespace, so it (and what continues it) is ignored (postconf: "logical line must not start with whitespace").`, w));
      } else {
        out.push(
          tableFinding(
            'table-config-syntax',
            'warning',
            `${name}, line ${t.line}: ${nameForMessage(t.param ?? '')} is set again, so its earlier value "${quoteForMessage(t.value ?? '')}" is ignored (postconf: "overriding earlier entry").`,
            w,
          ),
        );
      }
    }
    return out;
  },
};
