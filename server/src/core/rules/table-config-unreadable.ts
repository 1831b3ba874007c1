// table-config-unreadable: a database table's client configuration file exists but cannot be read:
// not a regular file (a directory, device or FIFO: an error, the table cannot work), or permission
// denied (information: such files hold passwords and are often readable by root and postfix only;
// postconf says nothing either), or another error.

import type { Finding } from '../types';
import type { Rule } from './rule';
import { tableFinding, tableName, tableNotes } from './table-config';

export const tableConfigUnreadableRule: Rule = {
  code: 'table-config-unreadable',
  severity: 'error',
  why: 'A database table whose client configuration file is not a readable regular file cannot be used, and its settings cannot be checked.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of tableNotes(ctx, ['not-regular', 'unreadable', 'error'])) {
      const name = tableName(w.table);
      if (w.table.problem === 'not-regular') {
        out.push(tableFinding('table-config-unreadable', 'error', `${name}: this is not a regular file (postconf: "not a regular file"), so the table cannot be used. Name the table's configuration file here.`, w));
      } else if (w.table.problem === 'unreadable') {
        out.push(
          tableFinding(
            'table-config-unreadable',
            'information',
            `${name}: postfix-lens may not read this file (permission denied), so its settings were not checked. That is normal for a file with a database password; run the check as root to include it.`,
            w,
          ),
        );
      } else {
        out.push(tableFinding('table-config-unreadable', 'warning', `${name}: the table's configuration file cannot be read (postconf: "${w.text.replace(/^.*: /, '')}").`, w));
      }
    }
    return out;
  },
};
