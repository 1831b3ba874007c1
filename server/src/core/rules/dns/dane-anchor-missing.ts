// dane-anchor-missing: a validated DANE-TA record (2 x y) whose trust anchor is not among the
// certificates the port-25 service sends after its own. A sender can check a DANE-TA record only
// against a certificate it is sent (RFC 7671 section 5.2.2), so the anchor must be in the chain
// file; a record of the server's own certificate as DANE-TA is the same mistake the other way
// round. core/dns/tlsa-judgement.ts finds them ("anchor-missing"); an error when a chain is then
// left without any record that authenticates it, a warning when another record still does.

import { nameForMessage } from '../../config/quote';
import { judgeTlsa } from '../../dns/tlsa-judgement';
import type { DnsFinding } from './evidence';
import type { DnsRule } from '../rule';

export const daneAnchorMissingRule: DnsRule = {
  code: 'dane-anchor-missing',
  severity: 'error',
  why: 'A DANE sender checks a DANE-TA record only against the CA certificates the server sends: an anchor missing from the chain file authenticates nothing.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'tlsa' || !e.answer.ad || e.chains.length === 0) return [];
    const records = e.answer.answers.flatMap((r) => (r.type === 'TLSA' ? [r] : []));
    const j = judgeTlsa(records, e.chains, e.owner);
    const severity = j.chains.every((c) => c.authenticated) ? 'warning' : 'error';
    const files = e.chains.map((c) => nameForMessage(c.source)).join(', ');
    const out: DnsFinding[] = [];
    for (const p of j.problems) {
      if (p.problem !== 'anchor-missing' || p.record === undefined) continue;
      const r = j.records[p.record]!;
      const ownLeaf = r.matches.some((m) => m.depth === 0);
      const message = ownLeaf
        ? `${p.message} (at ${nameForMessage(e.owner)})`
        : `TLSA record ${r.record.text} at ${nameForMessage(e.owner)} (DANE-TA) names a trust anchor that is not in the chain the port-25 service sends (${files}): a sender checks a DANE-TA record only against the certificates sent after the server's own (RFC 7671 section 5.2.2). Add the issuing CA's certificate after the server's certificate in that file (with certbot: fullchain.pem, not cert.pem), or publish a record of the key (3 1 1).`;
      out.push({ code: 'dane-anchor-missing', severity, message, domain: e.domain, host: e.host });
    }
    return out;
  },
};
