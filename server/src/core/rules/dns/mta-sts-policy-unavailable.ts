// mta-sts-policy-unavailable: the domain publishes a usable _mta-sts record, but its policy cannot be
// fetched the way senders fetch it (RFC 8461 section 3.3): the words of the fetcher say which step.

import { nameForMessage } from '../../config/quote';
import { escapeHidden } from '../../escape';
import type { DnsRule } from '../rule';

export const mtaStsPolicyUnavailableRule: DnsRule = {
  code: 'mta-sts-policy-unavailable',
  severity: 'warning',
  why: 'Senders that cannot fetch the policy deliver as if the domain had no MTA-STS (and those holding an older copy keep applying it until it expires): mail flows, the protection is gone, and the mode the policy would have had cannot be known.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mta-sts-fetch-failed') return [];
    return [
      {
        code: 'mta-sts-policy-unavailable',
        severity: 'warning',
        message: `${nameForMessage(e.domain)} publishes an MTA-STS record, but senders cannot fetch its policy: ${escapeHidden(e.failure.detail.slice(0, 500))}. They deliver without MTA-STS until it can be fetched.`,
        domain: e.domain,
      },
    ];
  },
};
