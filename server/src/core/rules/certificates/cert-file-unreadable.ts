// cert-file-unreadable: the certificate or key file could not be read.
// Judged where its evidence is read (io/certificate-checks.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certFileUnreadableRule: DeclaredRule = {
  code: 'cert-file-unreadable',
  severity: 'error',
  why: 'A file that cannot be read as a certificate file (a directory, a device, too large) cannot be loaded by Postfix either; one only root may read is fine and only said quietly (information).',
  evidence: 'certificate-read',
  madeBy: 'io/certificate-checks.ts',
};
