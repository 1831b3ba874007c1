// smtps-wrappermode-missing: an smtpd service on port 465 (submissions, smtps) that does not do
// implicit TLS. Clients on 465 start with a TLS handshake (RFC 8314); without
// smtpd_tls_wrappermode = yes smtpd answers with a plaintext greeting and every client fails.
// Judged per service as postconf does: a -o overrides main.cf for that service only.

import { serviceForMessage } from '../../config/quote';
import { effective } from '../../tls/config-targets';
import { str, type Fixes } from '../fix';
import { overrideEdits } from '../override-fix';
import type { Rule } from '../rule';
import { isPort465, provenOff, submissionServices } from './services';

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? a.model.scopes.find((s) => s.service.id === id && isPort465(s)) : undefined;
  if (!scope || effective(a, 'smtpd_tls_wrappermode', scope).toLowerCase() === 'yes') return [];
  return [{ title: 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes', isPreferred: true, edits: overrideEdits(a, scope, [['smtpd_tls_wrappermode', 'yes']]) }];
};

export const smtpsWrappermodeMissingRule: Rule = {
  code: 'smtps-wrappermode-missing',
  severity: 'error',
  why: 'Mail programs on port 465 start with a TLS handshake; without smtpd_tls_wrappermode = yes the server greets them in plain text and every connection fails.',
  evidence: 'configuration',
  fixes,
  fixExamples: [
    {
      main: '',
      master: 'submissions inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n',
      file: 'master.cf',
      at: 'submissions',
      title: 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes',
      after: 'submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n',
    },
    {
      main: '',
      master: 'smtps inet n - y - - smtpd\r\n  -o smtpd_sasl_auth_enable=yes\r\n',
      file: 'master.cf',
      at: 'smtps',
      title: 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes',
      after: 'smtps inet n - y - - smtpd\r\n  -o smtpd_tls_wrappermode=yes\r\n  -o smtpd_sasl_auth_enable=yes\r\n',
    },
    {
      main: '',
      master: '465 inet n - y - - smtpd\n',
      file: 'master.cf',
      at: '465',
      title: 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes',
      after: '465 inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n',
    },
  ],
  check(a) {
    if (!a.master) return [];
    return submissionServices(a)
      .filter((scope) => isPort465(scope) && provenOff(a, 'smtpd_tls_wrappermode', scope))
      .map((scope) => {
        const own = scope.overrideOf.get('smtpd_tls_wrappermode');
        return {
          code: 'smtps-wrappermode-missing',
          severity: 'error' as const,
          message:
            `${serviceForMessage(scope.service.id)} listens on port 465, where clients expect implicit TLS, but smtpd_tls_wrappermode is not yes for it: ` +
            'smtpd greets in plain text and every client fails. Add -o smtpd_tls_wrappermode=yes to this service.',
          range: own ? own.valueRange : scope.service.fields[0]!.range,
          file: 'master.cf' as const,
          service: scope.service.id,
          data: { service: scope.service.id },
        };
      });
  },
};
