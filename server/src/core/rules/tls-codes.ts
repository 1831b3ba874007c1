// The codes a TLS problem has wherever it is found: in main.cf's TLS settings (a static rule) and by
// the live enumeration of what a server accepts (rules/protocols/). Rules sharing a code must share
// its default severity and its reason (test/docs/rules-doc.test.ts), so both take them from here.

import type { Severity } from '../types';

export interface SharedCode {
  code: string;
  severity: Severity;
  why: string;
}

export const TLS_LEGACY_PROTOCOL: SharedCode = {
  code: 'tls-legacy-protocol',
  severity: 'warning',
  why: 'TLS 1.0 and 1.1 are broken and retired (RFC 8996); audits fail a submission port that still accepts them.',
};

export const TLS_WEAK_CIPHER: SharedCode = {
  code: 'tls-weak-cipher',
  severity: 'warning',
  why: 'A weak or anonymous cipher suite lets an attacker on the path read or alter the session.',
};

export const TLS_NO_FORWARD_SECRECY: SharedCode = {
  code: 'tls-no-forward-secrecy',
  severity: 'warning',
  why: 'Without forward secrecy, whoever later obtains the server key can decrypt recorded sessions.',
};
