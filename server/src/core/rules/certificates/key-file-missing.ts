// key-file-missing: the key file a setting names does not exist.

import type { CertificateRule } from '../rule';
import { missingFileMessage } from './missing-file';

export const keyFileMissingRule: CertificateRule = {
  code: 'key-file-missing',
  severity: 'error',
  why: 'Without its private key a certificate is useless: smtpd disables TLS.',
  evidence: 'certificate',
  check: (e) =>
    e.kind === 'read-failed' && e.reason === 'missing' && e.file === 'key'
      ? [{ code: 'key-file-missing', severity: 'error', target: 'key', path: e.path, message: missingFileMessage(e) }]
      : [],
};
