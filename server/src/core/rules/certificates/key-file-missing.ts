// key-file-missing: the key file a setting names does not exist.
// Judged where its evidence is read (io/certificate-checks.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const keyFileMissingRule: DeclaredRule = {
  code: 'key-file-missing',
  severity: 'error',
  why: 'Without its private key a certificate is useless: smtpd disables TLS.',
  evidence: 'certificate-read',
  madeBy: 'io/certificate-checks.ts',
};
