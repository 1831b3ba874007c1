// key-not-pem: the key file holds no readable PEM private key (DER, a damaged block).
// Judged where its evidence is read (core/tls/file-findings.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const keyNotPemRule: DeclaredRule = {
  code: 'key-not-pem',
  severity: 'error',
  why: 'Postfix reads keys only in PEM form: it cannot load the key and disables TLS.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/file-findings.ts',
};
