// mta-sts-mx-mismatch: a real MX host of the domain is matched by no "mx" pattern of its valid
// MTA-STS policy (RFC 8461 section 4.1). Whether the certificate of an MX host that is this server
// names it is mx-name-not-covered's finding (on the certificate setting, where it is fixed), which
// says what MTA-STS senders do about it: this rule does not say it twice.

import { nameForMessage } from '../../config/quote';
import { mxNotInPolicy } from '../../dns/mta-sts-policy';
import type { DnsRule } from '../rule';

export const mtaStsMxMismatchRule: DnsRule = {
  code: 'mta-sts-mx-mismatch',
  severity: 'error',
  why: 'A sender applying an enforce-mode policy refuses to deliver to an MX host no "mx" pattern matches: mail to that host is deferred and then bounced (in testing mode it is only reported, so a warning).',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mta-sts-policy' || !e.policy.valid || (e.policy.mode !== 'enforce' && e.policy.mode !== 'testing')) return [];
    const enforce = e.policy.mode === 'enforce';
    const patterns = e.policy.mx.slice(0, 8).map((p) => nameForMessage(p)).join(', ') + (e.policy.mx.length > 8 ? ', …' : '');
    return mxNotInPolicy(e.mxHosts, e.policy.mx).map((host) => ({
      code: 'mta-sts-mx-mismatch',
      severity: enforce ? 'error' : 'warning',
      message: `MX host ${nameForMessage(host)} of ${nameForMessage(e.domain)} matches no "mx" pattern of its MTA-STS policy (${patterns}): ${
        enforce ? 'senders applying the policy (mode enforce) refuse to deliver to it' : 'senders report every delivery to it as a failure (mode testing), and would refuse it in enforce mode'
      }. Add "mx: ${nameForMessage(host)}" to the policy, or a "*." pattern for its parent.`,
      domain: e.domain,
      host,
    }));
  },
};
