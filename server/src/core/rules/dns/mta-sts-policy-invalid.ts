// mta-sts-policy-invalid: the policy file came, but it breaks RFC 8461 section 3.2 (no mode, a
// max_age above a year, no mx in enforce or testing mode, a version other than STSv1...).

import type { DnsRule } from '../rule';

export const mtaStsPolicyInvalidRule: DnsRule = {
  code: 'mta-sts-policy-invalid',
  severity: 'warning',
  why: 'A sender that reads the policy strictly discards it and delivers without MTA-STS; when the file says enforce, the domain believes it is protected and is not, so it is an error then.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mta-sts-policy' || e.policy.valid) return [];
    const severity = e.policy.mode === 'enforce' ? 'error' : 'warning';
    const after = e.policy.mode === 'enforce' ? ' It says enforce, but senders that discard it enforce nothing.' : '';
    return e.policy.problems.slice(0, 10).map((p) => ({
      code: 'mta-sts-policy-invalid',
      severity,
      message: `${p.message.replace(/\.$/, '')}: senders that read it strictly discard the policy (RFC 8461 section 3.2).${after}`,
      domain: e.domain,
    }));
  },
};
