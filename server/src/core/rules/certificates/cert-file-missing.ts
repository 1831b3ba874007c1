// cert-file-missing: the certificate file a setting names does not exist.
// Judged where its evidence is read (io/certificate-checks.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certFileMissingRule: DeclaredRule = {
  code: 'cert-file-missing',
  severity: 'error',
  why: 'smtpd cannot load a certificate that does not exist: it disables TLS and clients that want TLS cannot send.',
  evidence: 'certificate-read',
  madeBy: 'io/certificate-checks.ts',
};
