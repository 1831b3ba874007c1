// hosted-domains-table-skipped: a table of a hosted-domain parameter whose domains the DNS check did
// not all look up: a map type whose entries are not read here (mysql:, ldap:, proxy:...), a text
// source that could not be read, or more domains than one run takes.

import { nameForMessage } from '../../config/quote';
import { MAX_TABLE_DOMAINS } from '../../dns/domain-table';
import type { DnsRule } from '../rule';

export const hostedDomainsTableSkippedRule: DnsRule = {
  code: 'hosted-domains-table-skipped',
  severity: 'information',
  why: 'The domains of a table that is not read are not checked: their MX, TLSA and MTA-STS records may be wrong without a word.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'domain-table') return [];
    const where = `${e.param}${e.via.length ? ` (through $${e.via.join(', $')})` : ''} names ${nameForMessage(e.domain)}`;
    const o = e.outcome;
    const what =
      o.kind === 'skipped'
        ? `${o.reason}, so its domains were not checked`
        : o.kind === 'unreadable'
          ? `its text source ${nameForMessage(o.path)} could not be read (${o.why}), so its domains were not checked`
          : `${o.checked} of its ${o.domains.length} domains were checked (at most ${MAX_TABLE_DOMAINS} from tables in one run)`;
    return [{ code: 'hosted-domains-table-skipped', severity: 'information', message: `${where}: ${what}. Check ${o.kind === 'read' ? 'the others' : 'them'} with --domain.`, domain: e.domain }];
  },
};
