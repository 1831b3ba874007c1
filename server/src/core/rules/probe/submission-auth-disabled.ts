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
    // `what` follows "it" in the verdict's sentence and "the server" in the problem's message.
    const what = e.offer.offered
      ? `offers AUTH ${others || 'without a usable mechanism'} ${where} but neither PLAIN nor LOGIN, the mechanisms Gmail's "Send mail as" and mail programs log in with, so Gmail would fail with "Authentication failed"`
      : `offers no AUTH ${where}, so nobody can log in on port ${e.port} (Gmail's "Send mail as" would fail with "Authentication failed", and mail programs cannot send)`;
    const fix = e.offer.offered
      ? `allow PLAIN and LOGIN in the SASL back end (Dovecot: auth_mechanisms = plain login; Cyrus: mech_list in smtpd.conf) ${RELOAD}`
      : `add -o smtpd_sasl_auth_enable=yes to this service in master.cf, with a SASL back end (smtpd_sasl_type = dovecot, smtpd_sasl_path = private/auth), ${RELOAD}`;
    return [{ code: submissionAuthDisabledRule.code, severity: SEVERITY, message: `The server ${what}. ${capital(fix)}.`, advice: { because: `it ${what}`, fix } }];
  },
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
