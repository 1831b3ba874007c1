// mta-sts-testing: the domain's valid MTA-STS policy is in mode testing: senders only report.

import { nameForMessage } from '../../config/quote';
import type { DnsRule } from '../rule';

export const mtaStsTestingRule: DnsRule = {
  code: 'mta-sts-testing',
  severity: 'information',
  why: 'In testing mode senders deliver even when TLS or the MX name fails and only send TLS-RPT reports: a step before enforce, not protection.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mta-sts-policy' || !e.policy.valid || e.policy.mode !== 'testing') return [];
    return [
      {
        code: 'mta-sts-testing',
        severity: 'information',
        message: `The MTA-STS policy of ${nameForMessage(e.domain)} is in mode testing: senders deliver even when TLS or the MX check fails, and only report it (TLS-RPT). Switch to "mode: enforce" (and a new id in the _mta-sts record) once the reports are clean.`,
        domain: e.domain,
      },
    ];
  },
};
