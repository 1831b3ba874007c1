// tls-rpt-invalid: the TXT records at _smtp._tls.<domain> are there but tell senders nowhere to report.

import { parseTlsRptRecords } from '../../dns/tls-rpt';
import type { DnsRule } from '../rule';

export const tlsRptInvalidRule: DnsRule = {
  code: 'tls-rpt-invalid',
  severity: 'warning',
  why: 'Senders send no TLS failure reports for a record they cannot read, so a broken certificate or DANE record goes unnoticed longer.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'tls-rpt-txt') return [];
    const txt = e.answer.answers.flatMap((r) => (r.type === 'TXT' ? [r.strings] : []));
    return parseTlsRptRecords(txt, e.owner)
      .problems.filter((p) => p.problem !== 'no-record')
      .map((p) => ({ code: 'tls-rpt-invalid', severity: 'warning' as const, message: p.message, domain: e.domain }));
  },
};
