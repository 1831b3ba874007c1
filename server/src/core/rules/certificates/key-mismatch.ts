// key-mismatch: the private key does not belong to the server certificate, or there is no key where Postfix looks for one.
// Judged where its evidence is read (core/tls/select-leaf.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const keyMismatchRule: DeclaredRule = {
  code: 'key-mismatch',
  severity: 'error',
  why: 'OpenSSL refuses a certificate whose key does not match, and Postfix disables TLS.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/select-leaf.ts',
};
