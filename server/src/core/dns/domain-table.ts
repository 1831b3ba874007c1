// The domains a hosted-domain table lists (virtual_mailbox_domains = hash:/etc/postfix/vdomains...),
// read from its text source as postmap reads it: logical lines as in main.cf (a "#" line is a
// comment, a line that starts with blanks continues the one before), the key up to the first blank,
// and a line without a value is one postmap rejects. Keys a domain lookup cannot be made for are
// left out: an address ("user@example.com"), a ".example.com" parent pattern (its subdomains are
// not known), anything that is not a DNS name. Pure: io/dns/domain-tables.ts reads the files.

import { readLogicalLines } from '../config/logical-lines';
import type { DnsEvidence, DomainTableOutcome } from '../rules/dns/evidence';
import type { DomainTable } from './hosted-domains';
import { dnsQueryName } from './name';

/** Domains taken from all tables together; a server with thousands is checked on the first ones. */
export const MAX_TABLE_DOMAINS = 100;

export function domainsOfTableSource(text: string): string[] {
  const out: string[] = [];
  for (const ll of readLogicalLines(text)) {
    if (ll.leadingWhitespace) continue;
    const m = /^(\S+)\s+\S/.exec(ll.text);
    if (!m) continue;
    const key = m[1]!;
    if (key.includes('@') || key.startsWith('.')) continue;
    const name = dnsQueryName(key);
    if (name !== null && !out.includes(name)) out.push(name);
  }
  return out;
}

/** One table of a hosted-domain parameter and what reading it gave. */
export interface DomainTableFacts {
  table: DomainTable;
  outcome: DomainTableOutcome;
}

/**
 * The domains the tables add to `listed` (each once, at most MAX_TABLE_DOMAINS in all), with the
 * parameter each came from; `checked` of each read table is set to how many of its domains are in.
 */
export function domainsFromTables(tables: DomainTableFacts[], listed: readonly string[]): { domain: string; from: string }[] {
  const out: { domain: string; from: string }[] = [];
  const seen = new Set(listed);
  for (const t of tables) {
    if (t.outcome.kind !== 'read') continue;
    let checked = 0;
    for (const d of t.outcome.domains) {
      if (seen.has(d)) {
        checked++;
        continue;
      }
      if (out.length >= MAX_TABLE_DOMAINS) break;
      seen.add(d);
      out.push({ domain: d, from: t.table.param });
      checked++;
    }
    t.outcome.checked = checked;
  }
  return out;
}

/** Evidence for the tables whose domains were not all checked: `domain` is the table as written. */
export function tableEvidence(tables: readonly DomainTableFacts[]): DnsEvidence[] {
  return tables.flatMap((t): DnsEvidence[] => {
    const o = t.outcome;
    if (o.kind === 'read' && o.checked === o.domains.length) return [];
    return [{ kind: 'domain-table', domain: t.table.reference, param: t.table.param, via: t.table.via, outcome: o }];
  });
}
