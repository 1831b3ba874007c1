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

export interface TlsCode {
  code: string;
  /** The registry's default severity: a submission port's. */
  severity: Severity;
  why: string;
  /** The severity of a finding on a port of this role (before postfixLens.severity / --severity). */
  severityFor(role: PortRole): Severity;
}

const byRole = (role: PortRole): Severity => (role === 'submission' ? 'warning' : 'information');

export const TLS_LEGACY_PROTOCOL: TlsCode = {
  code: 'tls-legacy-protocol',
  severity: 'warning',
  why: 'TLS 1.0 and 1.1 are deprecated (RFC 8996) and every current mail program speaks TLS 1.2; on the submission port they only let an attacker or an outdated client settle for weaker cryptography.',
  severityFor: byRole,
};

export const TLS_WEAK_CIPHER: TlsCode = {
  code: 'tls-weak-cipher',
  severity: 'warning',
  why: 'Suites without encryption or with broken ciphers (NULL, EXPORT, RC4, DES, 3DES, MD5), and anonymous suites where passwords are sent, let an attacker on the path read or change the mail.',
  severityFor: byRole,
};

export const TLS_NO_FORWARD_SECRECY: TlsCode = {
  code: 'tls-no-forward-secrecy',
  severity: 'warning',
  why: 'Without an ephemeral key exchange (ECDHE, DHE), anyone who records the traffic and later obtains the server\'s private key can read every recorded session.',
  severityFor: byRole,
};
