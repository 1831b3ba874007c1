// mta-sts-record-invalid: the TXT records at _mta-sts.<domain> are there but give senders no policy.

import { parseMtaStsRecords } from '../../dns/mta-sts';
import type { DnsRule } from '../rule';

export const mtaStsRecordInvalidRule: DnsRule = {
  code: 'mta-sts-record-invalid',
  severity: 'warning',
  why: 'Senders ignore an MTA-STS record that breaks the grammar, or one of two, and then deliver without the policy the domain meant to publish.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mta-sts-txt') return [];
    const txt = e.answer.answers.flatMap((r) => (r.type === 'TXT' ? [r.strings] : []));
    // No "v=STSv1" record at all among other TXT records: the domain has no MTA-STS, nothing wrong.
    return parseMtaStsRecords(txt, e.owner)
      .problems.filter((p) => p.problem !== 'no-record')
      .map((p) => ({ code: 'mta-sts-record-invalid', severity: 'warning' as const, message: p.message, domain: e.domain }));
  },
};
