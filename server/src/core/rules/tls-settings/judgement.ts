// What the TLS protocol and cipher codes say, whatever found the problem: the static rules here
// (main.cf and master.cf) and the live probe's rules share each code's default severity, reason and
// severity per port role, so both kinds of evidence say the same thing (test/docs/rules-doc.test.ts
// holds rules sharing a code to the same severity and why).
//
// The role of the port decides, as Postfix's TLS_README does: where mail programs log in (587, 465)
// old protocols and anonymous suites are worth a warning; on port 25 and any other port where
// servers deliver, Postfix enables them on purpose, because opportunistic TLS with an old or
// anonymous cipher is still better than the plain text a sender falls back to, so a finding there is
// information only.

import type { Severity } from '../../types';
import type { PortRole } from '../../tls/smtpd-tls';
import * as shared from '../tls-codes';

export interface TlsCode extends shared.SharedCode {
  /** The severity of a finding on a port of this role (before postfixLens.severity / --severity). */
  severityFor(role: PortRole): Severity;
}

const byRole = (role: PortRole): Severity => (role === 'submission' ? 'warning' : 'information');

export const TLS_LEGACY_PROTOCOL: TlsCode = { ...shared.TLS_LEGACY_PROTOCOL, severityFor: byRole };

export const TLS_WEAK_CIPHER: TlsCode = { ...shared.TLS_WEAK_CIPHER, severityFor: byRole };

export const TLS_NO_FORWARD_SECRECY: TlsCode = { ...shared.TLS_NO_FORWARD_SECRECY, severityFor: byRole };
