// dane-fragile-record: every usable validated TLSA record of an MX host matches a whole certificate
// (x 0 y), which the next renewal breaks even with the same key.

import { judgeTlsa } from '../../dns/tlsa-judgement';
import type { DnsRule } from '../rule';

export const daneFragileRecordRule: DnsRule = {
  code: 'dane-fragile-record',
  severity: 'warning',
  why: 'A record of the whole certificate stops matching at every renewal, and DANE senders then defer mail until the record is changed.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'tlsa' || !e.answer.ad) return [];
    const records = e.answer.answers.flatMap((r) => (r.type === 'TLSA' ? [r] : []));
    const fragile = judgeTlsa(records, [], e.owner).problems.find((p) => p.problem === 'fragile');
    return fragile ? [{ code: 'dane-fragile-record', severity: 'warning', message: fragile.message, domain: e.domain, host: e.host }] : [];
  },
};
