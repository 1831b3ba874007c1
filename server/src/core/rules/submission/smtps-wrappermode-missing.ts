// smtps-wrappermode-missing: an smtpd service on port 465 (submissions, smtps) that does not do
// implicit TLS. Clients on 465 start with a TLS handshake (RFC 8314); without
// smtpd_tls_wrappermode = yes smtpd answers with a plaintext greeting and every client fails.
// Judged per service as postconf does: a -o overrides main.cf for that service only.

import { serviceForMessage } from '../../config/quote';
import { effective } from '../../tls/config-targets';
import { insertionAfter, str, type Fixes } from '../fix';
import type { Rule } from '../rule';
import { isPort465, provenOff, submissionServices } from './services';

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? a.model.scopes.find((s) => s.service.id === id && isPort465(s)) : undefined;
  if (!scope || effective(a, 'smtpd_tls_wrappermode', scope).toLowerCase() === 'yes') return [];
  const title = 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes';
  const own = scope.overrideOf.get('smtpd_tls_wrappermode');
  if (own) return [{ title, isPreferred: true, edits: [{ file: 'master.cf', range: own.valueRange, newText: 'yes' }] }];
  // A continuation line after the command, where Postfix's own master.cf puts its -o lines.
  const s = scope.service;
  const last = s.args.length > 0 ? s.args[s.args.length - 1]! : s.fields[7]!;
  const { at, eol } = insertionAfter(a, 'master.cf', last.range);
  if (s.args.length > 0) {
    // Before the first -o keeps the new line beside the other -o lines whatever follows them.
    const firstO = s.overrides[0];
    if (firstO) {
      const r = firstO.range;
      return [{ title, isPreferred: true, edits: [{ file: 'master.cf', range: { start: r.start, end: r.start }, newText: `-o smtpd_tls_wrappermode=yes${eol}  ` }] }];
    }
  }
  return [{ title, isPreferred: true, edits: [{ file: 'master.cf', range: at, newText: `${eol}  -o smtpd_tls_wrappermode=yes` }] }];
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
