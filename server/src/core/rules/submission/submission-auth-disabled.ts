// submission-auth-disabled: a submission (587) or implicit-TLS (465) smtpd service whose effective
// smtpd_sasl_auth_enable is not yes (the default is no). Its clients are mail programs that log in;
// without AUTH they cannot, and mail from outside mynetworks is refused as relaying.
// Judged per service: a -o overrides main.cf for that service only.

import { serviceForMessage } from '../../config/quote';
import type { Rule } from '../rule';
import { provenOff, submissionServices } from './services';

export const submissionAuthDisabledRule: Rule = {
  code: 'submission-auth-disabled',
  severity: 'error',
  why: 'Mail programs and Gmail\'s "Send mail as" log in on the submission port; with SASL authentication off they cannot, and their mail is refused.',
  evidence: 'configuration',
  check(a) {
    if (!a.master) return [];
    return submissionServices(a)
      .filter((s) => provenOff(a, 'smtpd_sasl_auth_enable', s))
      .map((s) => {
        const own = s.overrideOf.get('smtpd_sasl_auth_enable');
        return {
          code: 'submission-auth-disabled',
          severity: 'error' as const,
          message:
            `SASL authentication is off for ${serviceForMessage(s.service.id)} (smtpd_sasl_auth_enable is not yes): mail programs cannot log in, and their mail to other domains is refused. ` +
            'Add -o smtpd_sasl_auth_enable=yes to this service.',
          range: own ? own.valueRange : s.service.fields[0]!.range,
          file: 'master.cf' as const,
          service: s.service.id,
        };
      });
  },
};
