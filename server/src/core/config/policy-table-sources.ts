// The text sources of the SMTP and LMTP clients' TLS policy tables kept in files: a texthash: table
// is its file, and a hash:, lmdb: or btree: table was made by postmap from the file named as
// written (beside its .db or .lmdb). The analysis names them for io/ to read (with the database
// client configuration files, model.tableConfigWanted) and the rules parse what was read
// (rules/tls-policy-entries.ts). Only absolute paths: Postfix resolves a relative one against a
// directory this host may not have.

import { MAC_PARSE_ERROR } from './macro';
import { splitQuoted, type MasterScope, type PostconfModel } from './postconf-model';

const FILE_TYPES = new Set(['texthash', 'hash', 'lmdb', 'btree']);

/** The text source of a table ("hash:/etc/postfix/tls_policy" -> "/etc/postfix/tls_policy"), or null. */
export function tableSourcePath(table: string): string | null {
  const colon = table.indexOf(':');
  if (colon <= 0) return null;
  const path = table.slice(colon + 1);
  return FILE_TYPES.has(table.slice(0, colon).toLowerCase()) && path.startsWith('/') ? path : null;
}

/** The expanded value of a parameter in a scope ('' when unset or when it cannot be expanded). */
function valueOf(model: PostconfModel, name: string, scope: MasterScope | null): string {
  const raw = model.lookup(name, scope);
  if (raw === null) return '';
  if (raw.indexOf('$') === -1) return raw.trim();
  const r = model.expand(raw, scope);
  return r.status & MAC_PARSE_ERROR ? '' : r.value.trim();
}

/** Every policy table source main.cf or a master.cf service names, each once. */
export function policyTableSources(model: PostconfModel): string[] {
  const out = new Set<string>();
  for (const scope of [null, ...model.scopes]) {
    for (const prefix of ['smtp', 'lmtp']) {
      for (const table of splitQuoted(valueOf(model, `${prefix}_tls_policy_maps`, scope))) {
        const p = tableSourcePath(table);
        if (p) out.add(p);
      }
    }
  }
  return [...out];
}
