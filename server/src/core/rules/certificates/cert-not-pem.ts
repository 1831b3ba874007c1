// cert-not-pem: a certificate setting names a file with no readable PEM certificate (DER, PKCS#12, a CSR, a key, a damaged block).
// Judged where its evidence is read (core/tls/file-findings.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certNotPemRule: DeclaredRule = {
  code: 'cert-not-pem',
  severity: 'error',
  why: 'Postfix reads certificates only in PEM form: it cannot load the file and disables TLS, so clients that want TLS cannot send.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/file-findings.ts',
};
