// dane-tlsa-mismatch: validated TLSA records of an MX host that is this server, and a chain the
// port-25 service loads from disk that none of them matches (core/dns/tlsa-judgement.ts decides).

import { judgeTlsa } from '../../dns/tlsa-judgement';
import type { DnsRule } from '../rule';

export const daneTlsaMismatchRule: DnsRule = {
  code: 'dane-tlsa-mismatch',
  severity: 'error',
  why: 'A DANE sender defers mail to a server whose certificate no validated TLSA record matches: the usual cause is a renewal that changed the key.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'tlsa' || !e.answer.ad || e.chains.length === 0) return [];
    const records = e.answer.answers.flatMap((r) => (r.type === 'TLSA' ? [r] : []));
    const j = judgeTlsa(records, e.chains, e.owner);
    return j.problems
      .filter((p) => p.problem === 'chain-not-matched' || p.problem === 'no-usable-records')
      .map((p) => ({ code: 'dane-tlsa-mismatch', severity: 'error' as const, message: `${p.message} Publish a record of the key on disk (3 1 1) before the next reload, or restore the key the records name.`, domain: e.domain, host: e.host }));
  },
};
