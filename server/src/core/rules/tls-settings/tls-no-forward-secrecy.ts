// tls-no-forward-secrecy: an smtpd service whose cipherlist in effect adds only suites with RSA key
// transport (kRSA, RSA, or the names of such suites), while it still allows TLS 1.2 or older: those
// sessions have no forward secrecy. TLS 1.3 suites always do. A warning on a submission service,
// information on port 25 (judgement.ts). No quick fix: the right list is the admin's choice (the
// stock one, medium, has forward secrecy first).

import type { Finding } from '../../types';
import { remoteSmtpdTls } from '../../tls/smtpd-tls';
import { nameForMessage } from '../../config/quote';
import { effective } from '../../tls/config-targets';
import type { Rule } from '../rule';
import { proveCiphers } from './cipher-proof';
import { TLS_NO_FORWARD_SECRECY as J } from './judgement';
import { findingAt, who } from './place';

export const tlsNoForwardSecrecyRule: Rule = {
  code: J.code,
  severity: J.severity,
  why: J.why,
  evidence: 'configuration',
  check(a) {
    const out: Finding[] = [];
    for (const { settings: s, role } of remoteSmtpdTls(a)) {
      if (!s.protocols.ok || !s.protocols.enabled.some((p) => p !== 'TLSv1.3')) continue;
      if (!proveCiphers(s).noForwardSecrecy || !s.cipherlistParam) continue;
      const message =
        `${who(s.scope)}: ${s.cipherlistParam} (grade ${s.grade}) is ${nameForMessage(effective(a, s.cipherlistParam, s.scope))}, which allows only RSA key transport: ` +
        'sessions before TLS 1.3 have no forward secrecy. Put ECDHE suites first, as the stock list does.';
      const f = findingAt(a, J, role, s.cipherlistParam, s.scope, message);
      if (f) out.push(f);
    }
    return out;
  },
};
