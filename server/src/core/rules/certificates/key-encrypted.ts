// key-encrypted: the private key is protected by a pass-phrase.

import { where } from '../../tls/findings';
import type { CertificateRule } from '../rule';

export const keyEncryptedRule: CertificateRule = {
  code: 'key-encrypted',
  severity: 'error',
  why: 'Postfix starts without a terminal and cannot ask for a pass-phrase, so it cannot load the key and disables TLS.',
  evidence: 'certificate',
  check: (e) =>
    e.kind === 'unusable-key' && e.encrypted
      ? [
          {
            code: 'key-encrypted',
            severity: 'error',
            target: 'key',
            path: e.path,
            line: e.line,
            message: `The private key at ${where(e.path, e.line)} is protected by a pass-phrase; Postfix cannot ask for one and disables TLS. Remove the pass-phrase: openssl pkey -in ${e.path} -out ${e.path}.plain (then keep it readable by root only).`,
          },
        ]
      : [],
};
