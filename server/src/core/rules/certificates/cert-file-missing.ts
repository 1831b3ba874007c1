// cert-file-missing: the certificate file a setting names does not exist.

import type { CertificateRule } from '../rule';
import { missingFileMessage } from './missing-file';

export const certFileMissingRule: CertificateRule = {
  code: 'cert-file-missing',
  severity: 'error',
  why: 'smtpd cannot load a certificate that does not exist: it disables TLS and clients that want TLS cannot send.',
  evidence: 'certificate',
  check: (e) =>
    e.kind === 'read-failed' && e.reason === 'missing' && e.file === 'cert'
      ? [{ code: 'cert-file-missing', severity: 'error', target: 'cert', path: e.path, message: missingFileMessage(e) }]
      : [],
};
