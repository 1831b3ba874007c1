// submission-auth-disabled, live: on a submission port, the EHLO reply inside TLS offers no AUTH
// PLAIN or LOGIN (no AUTH at all, or only other mechanisms). The same problem as the configuration
// rule of that code (rules/submission/), seen from the client's side: one code, one severity and
// reason, taken from that rule.

import { submissionAuthDisabledRule } from '../submission/submission-auth-disabled';
import { offersPasswordLogin } from '../../probe/auth';
import type { ProbeRule } from '../rule';

const SEVERITY = submissionAuthDisabledRule.severity === 'information' ? 'hint' : submissionAuthDisabledRule.severity;
const RELOAD = 'and run postfix reload';

export const submissionAuthDisabledProbeRule: ProbeRule = {
  code: submissionAuthDisabledRule.code,
  severity: submissionAuthDisabledRule.severity,
  why: submissionAuthDisabledRule.why,
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'auth-after-tls' || offersPasswordLogin(e.offer)) return [];
    const where = e.mode === 'tls' ? 'inside TLS' : 'after STARTTLS';
    const others = e.offer.mechanisms.join(' ');
    const advice = e.offer.offered
      ? {
          because: `its EHLO reply ${where} offers AUTH ${others || 'without a usable mechanism'} but neither PLAIN nor LOGIN, the mechanisms mail programs and Gmail's "Send mail as" log in with, so Gmail would fail with "Authentication failed"`,
          fix: `allow PLAIN and LOGIN in the SASL back end (Dovecot: auth_mechanisms = plain login; Cyrus: mech_list in smtpd.conf) ${RELOAD}`,
        }
      : {
          because: `its EHLO reply ${where} offers no AUTH, so nobody can log in on port ${e.port}: Gmail's "Send mail as" would fail with "Authentication failed" and mail programs cannot send`,
          fix: `add -o smtpd_sasl_auth_enable=yes to this service in master.cf, with a SASL back end (smtpd_sasl_type = dovecot, smtpd_sasl_path = private/auth), ${RELOAD}`,
        };
    return [{ code: submissionAuthDisabledRule.code, severity: SEVERITY, message: `${capital(advice.because)}. ${capital(advice.fix)}.`, advice }];
  },
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
