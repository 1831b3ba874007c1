// key-encrypted: the private key is protected by a pass-phrase.
// Judged where its evidence is read (core/tls/file-findings.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const keyEncryptedRule: DeclaredRule = {
  code: 'key-encrypted',
  severity: 'error',
  why: 'Postfix starts without a terminal and cannot ask for a pass-phrase, so it cannot load the key and disables TLS.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/file-findings.ts',
};
