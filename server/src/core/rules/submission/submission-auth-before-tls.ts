// submission-auth-before-tls: a submission service (587) with SASL authentication on that offers AUTH
// before TLS. smtpd offers AUTH on a plain connection unless TLS is enforced (smtpd_tls_security_level
// = encrypt, or the legacy smtpd_enforce_tls = yes when no level is set) or smtpd_tls_auth_only =
// yes: smtpd.c turns on auth-only whenever it enforces TLS. Port 465 is TLS from the first byte and
// is never judged here (smtps-wrappermode-missing is about 465 without it). The live probe shares
// the code (what the server offers on the wire), with the same severity and reason.

import type { ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import { serviceForMessage } from '../../config/quote';
import { str, type Fixes } from '../fix';
import type { Rule } from '../rule';
import { isPort465, knownValue, provenOn, submissionServices } from './services';
import { overrideEdits } from '../override-fix';

const CODE = 'submission-auth-before-tls';
const TITLE = 'Require TLS first: -o smtpd_tls_security_level=encrypt';
const ENFORCING = new Set(['encrypt', 'secure', 'verify', 'fingerprint']); // smtpd uses encrypt for the last three

/**
 * True when the service offers AUTH on a connection before TLS, false when it waits for TLS,
 * undefined when the pair does not prove either (main.cf unread, an invalid level smtpd stops on).
 */
export function authBeforeTls(a: ConfigAnalysis, s: MasterScope): boolean | undefined {
  const wrapper = knownValue(a, 'smtpd_tls_wrappermode', s);
  const level = knownValue(a, 'smtpd_tls_security_level', s);
  const enforceLegacy = knownValue(a, 'smtpd_enforce_tls', s);
  const authOnly = knownValue(a, 'smtpd_tls_auth_only', s);
  if (wrapper === undefined || level === undefined || enforceLegacy === undefined || authOnly === undefined) return undefined;
  if (wrapper.toLowerCase() === 'yes') return false;
  let enforce: boolean;
  // A level, when set, decides alone (smtpd.c): "may" turns a legacy smtpd_enforce_tls = yes off.
  if (level !== '') {
    const l = level.toLowerCase();
    if (ENFORCING.has(l)) enforce = true;
    else if (l === 'may' || l === 'none') enforce = false;
    else return undefined;
  } else enforce = enforceLegacy.toLowerCase() === 'yes';
  return !(enforce || authOnly.toLowerCase() === 'yes');
}

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? submissionServices(a).find((s) => s.service.id === id && !isPort465(s)) : undefined;
  if (!scope || authBeforeTls(a, scope) !== true) return [];
  return [{ title: TITLE, isPreferred: true, edits: overrideEdits(a, scope, [['smtpd_tls_security_level', 'encrypt']]) }];
};

export const submissionAuthBeforeTlsRule: Rule = {
  code: CODE,
  severity: 'error',
  why: 'A client that logs in before TLS sends its password in clear text, readable by anyone on the path.',
  evidence: 'configuration',
  fixes,
  fixExamples: [
    {
      main: 'smtpd_tls_security_level = may\n',
      master: 'submission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n',
      file: 'master.cf',
      at: 'submission',
      title: TITLE,
      after: 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n',
    },
    {
      main: 'smtpd_sasl_auth_enable = yes\n',
      master: '587 inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n',
      file: 'master.cf',
      at: '587',
      title: TITLE,
      after: '587 inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n',
    },
  ],
  check(a) {
    if (!a.master) return [];
    return submissionServices(a)
      .filter((s) => !isPort465(s) && provenOn(a, 'smtpd_sasl_auth_enable', s) && authBeforeTls(a, s) === true)
      .map((s) => ({
        code: CODE,
        severity: 'error' as const,
        message:
          `${serviceForMessage(s.service.id)} offers SASL authentication before TLS (smtpd_tls_security_level is not encrypt and smtpd_tls_auth_only is not yes for it): ` +
          'a mail program may log in on the plain connection and send its password in clear text. Add -o smtpd_tls_security_level=encrypt to this service.',
        range: s.service.fields[0]!.range,
        file: 'master.cf' as const,
        service: s.service.id,
        data: { service: s.service.id },
      }));
  },
};
