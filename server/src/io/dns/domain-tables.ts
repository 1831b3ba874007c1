// The text sources of the hosted-domain tables (core/dns/hosted-domains.ts names them): the file a
// texthash: table is, or the one postmap made a hash:/lmdb: table from (the name as written, beside
// its .db). Read safely (regular files only, 1 MiB, a time limit); a table of another type, or one
// whose file cannot be read, is recorded as such for the check to say so.

import type { DomainTable } from '../../core/dns/hosted-domains';
import { domainsOfTableSource, type DomainTableFacts } from '../../core/dns/domain-table';
import { readFileSafely } from '../read-file-safely';

/** Tables read at most; a configuration names one or two. */
const MAX_TABLES = 16;

export async function readDomainTables(tables: readonly DomainTable[]): Promise<DomainTableFacts[]> {
  const out: DomainTableFacts[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    if (seen.has(table.reference)) continue;
    seen.add(table.reference);
    if (out.length >= MAX_TABLES) {
      out.push({ table, outcome: { kind: 'skipped', reason: `more than ${MAX_TABLES} tables are not read` } });
      continue;
    }
    const read = table.read;
    if (read.kind === 'skipped') out.push({ table, outcome: read });
    else if (!read.path.startsWith('/')) out.push({ table, outcome: { kind: 'skipped', reason: 'its file is not named by an absolute path' } });
    else {
      const r = await readFileSafely(read.path);
      out.push({ table, outcome: r.ok ? { kind: 'read', path: read.path, domains: domainsOfTableSource(Buffer.from(r.bytes).toString('utf8')), checked: 0 } : { kind: 'unreadable', path: read.path, why: r.message } });
    }
  }
  return out;
}
