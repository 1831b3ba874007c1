// table-config-missing: a value names a database table whose client configuration file does not
// exist (mysql:/etc/postfix/mysql-virtual.cf; postconf: "open ... No such file or directory"). On the
// mail server every lookup in that table fails and the mail that needs it is deferred. A copy of a
// server's configuration checked elsewhere often lacks these files (they hold passwords), so a file
// outside the directory being checked is only information; one inside it is a warning.

import type { Finding } from '../types';
import type { Rule } from './rule';
import { tableFinding, tableName, tableNotes } from './table-config';

export const tableConfigMissingRule: Rule = {
  code: 'table-config-missing',
  severity: 'warning',
  why: 'Every lookup in a database table whose client configuration file is missing fails, so the mail that needs it is deferred.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    const dir = ctx.model.options.configDir.replace(/\/+$/, '');
    for (const w of tableNotes(ctx, ['missing'])) {
      const inside = w.table.path.startsWith(dir + '/');
      out.push(
        tableFinding(
          'table-config-missing',
          inside ? 'warning' : 'information',
          `${tableName(w.table)}: the table's configuration file does not exist (postconf: "No such file or directory"). ` +
            (inside
              ? 'Every lookup in this table fails, and Postfix defers the mail that needs it. Create the file (see ' +
                `${w.table.type}_table(5)) or correct its name.`
              : 'It is outside the directory being checked: if this is a copy of a mail server\'s configuration, check that the file exists there; ' +
                'on the server itself every lookup in this table would fail.'),
          w,
        ),
      );
    }
    return out;
  },
};
