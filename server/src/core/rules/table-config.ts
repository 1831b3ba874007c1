// What the table-config-* rules share: the findings about database client configuration files
// (mysql:/etc/postfix/mysql-virtual.cf and the ldap:, pgsql:, sqlite:, memcache: ones) that the
// model noted while it read them as postconf does. Each finding sits on the words in main.cf or
// master.cf that name the file.

import type { Finding, Severity } from '../types';
import type { PostconfWarning, TableConfigNote } from '../config/postconf-model';
import { nameForMessage } from '../config/quote';
import type { RuleContext } from './rule';

/** The model's notes about table configuration files with the given problems, with a range. */
export function tableNotes(ctx: RuleContext, problems: TableConfigNote['problem'][]): (PostconfWarning & { table: TableConfigNote; range: Finding['range'] })[] {
  return ctx.model.warnings.filter((w): w is PostconfWarning & { table: TableConfigNote; range: Finding['range'] } => w.kind === 'table' && !!w.table && !!w.range && problems.includes(w.table.problem));
}

/** "mysql:/etc/postfix/x.cf" for a message (paths are often longer than names: shown up to 1000 characters). */
export function tableName(t: TableConfigNote): string {
  return `${nameForMessage(t.type)}:${nameForMessage(t.path, 1000)}`;
}

export function tableFinding(code: string, severity: Severity, message: string, w: PostconfWarning & { range: Finding['range'] }): Finding {
  return { code, severity, message, range: w.range, file: w.file, ...(w.name ? { name: w.name } : {}), ...(w.service ? { service: w.service } : {}) };
}
