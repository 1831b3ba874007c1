// cert-file-unreadable: the certificate or key file could not be read (io's sentence says why).

import type { CertificateRule } from '../rule';

export const certFileUnreadableRule: CertificateRule = {
  code: 'cert-file-unreadable',
  severity: 'error',
  why: 'A file that cannot be read as a certificate file (a directory, a device, too large) cannot be loaded by Postfix either; one only root may read is fine and only said quietly (information).',
  evidence: 'certificate',
  check: (e) =>
    e.kind === 'read-failed' && e.reason !== 'missing'
      ? // A key only root can read is how it should be: say why it could not be checked, quietly.
        [{ code: 'cert-file-unreadable', severity: e.reason === 'unreadable' ? 'information' : 'error', target: e.file, path: e.path, message: e.message }]
      : [],
};
