// dane-tlsa-insecure: TLSA records of an MX host that is this server, answered without DNSSEC
// validation (no AD bit).

import { nameForMessage } from '../../config/quote';
import type { DnsRule } from '../rule';

export const daneTlsaInsecureRule: DnsRule = {
  code: 'dane-tlsa-insecure',
  severity: 'warning',
  why: 'Senders use TLSA records only when DNSSEC validates them (RFC 7672 section 2.2): without it the records protect nothing.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'tlsa' || e.answer.ad) return [];
    const n = e.answer.answers.length;
    return [
      {
        code: 'dane-tlsa-insecure',
        severity: 'warning',
        message: `${n} TLSA record${n === 1 ? '' : 's'} at ${nameForMessage(e.owner)} came without DNSSEC validation (the resolver ${nameForMessage(e.answer.server)} did not set the AD bit): DANE senders ignore them. Sign the zone and publish its DS at the parent, or ask a validating resolver (--resolver).`,
        domain: e.domain,
        host: e.host,
      },
    ];
  },
};
