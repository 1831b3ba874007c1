// submission-missing: master.cf runs no smtpd on the submission port (587) nor on port 465, so mail
// programs and Gmail's "Send mail as" have no port to send through (port 25 is for other servers,
// and most home and mobile networks block it). Commented-out services do not count: Debian ships
// both commented out. A master.cf with no SMTP listener at all (a null client, send-only) is not
// judged: it receives no mail and serves no mail programs. No quick fix: uncommenting Debian's block also needs its -o lines chosen
// (authentication, restrictions), which only the admin can decide.

import type { Rule } from '../rule';
import { inetSmtpd, isSubmission } from './services';

export const submissionMissingRule: Rule = {
  code: 'submission-missing',
  severity: 'warning',
  why: 'Without a submission (587) or implicit-TLS (465) service, mail programs and Gmail\'s "Send mail as" have no port to send through.',
  evidence: 'configuration',
  check(a) {
    if (!a.master) return [];
    const smtpd = inetSmtpd(a.model.scopes);
    if (smtpd.some(isSubmission)) return [];
    const listener = a.model.scopes.find((s) => s.service.type === 'inet' && ['smtpd', 'postscreen'].includes(s.service.fields[7]?.text ?? ''));
    if (!listener) return [];
    return [
      {
        code: 'submission-missing',
        severity: 'warning',
        message:
          'master.cf runs no submission service: neither port 587 (submission) nor port 465 (submissions) has an smtpd, so mail programs and Gmail\'s "Send mail as" have no port to send through. ' +
          'Uncomment (or add) the submission service with -o smtpd_tls_security_level=encrypt and -o smtpd_sasl_auth_enable=yes.',
        range: listener.service.fields[0]!.range,
        file: 'master.cf',
      },
    ];
  },
};
