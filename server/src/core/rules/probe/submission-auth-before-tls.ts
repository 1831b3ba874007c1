// submission-auth-before-tls, live: on a submission port, the EHLO reply before STARTTLS offers
// AUTH, so a mail program that does not insist on TLS logs in over plain text. (A configuration rule
// of the same code judges smtpd_tls_auth_only in master.cf; both share the severity and the reason.)

import type { ProbeRule } from '../rule';

export const submissionAuthBeforeTlsRule: ProbeRule = {
  code: 'submission-auth-before-tls',
  severity: 'error',
  why: 'A client that logs in before TLS sends its password in clear text, readable by anyone on the path.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'auth-before-tls' || !e.offer.offered) return [];
    const names = e.offer.mechanisms.length ? `AUTH ${e.offer.mechanisms.join(' ')}` : 'AUTH';
    const advice = {
      because: `it offers ${names} before STARTTLS, so a mail program that does not insist on TLS sends the password in clear text (Gmail's "Send mail as" itself starts TLS first)`,
      fix: 'add -o smtpd_tls_auth_only=yes to this service in master.cf (or smtpd_tls_auth_only = yes in main.cf) and run postfix reload',
      unsafe: true as const,
    };
    return [
      {
        code: 'submission-auth-before-tls',
        severity: 'error',
        message: `The EHLO reply before STARTTLS offers ${names}: a mail program that does not insist on TLS logs in over plain text, readable by anyone on the path. Add -o smtpd_tls_auth_only=yes to this service in master.cf (or smtpd_tls_auth_only = yes in main.cf) and run postfix reload.`,
        advice,
      },
    ];
  },
};
