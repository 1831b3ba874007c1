// cert-too-many: more certificates or key and certificate groups than a server uses; only the first are examined.
// Judged where its evidence is read (core/tls/chain-files.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certTooManyRule: DeclaredRule = {
  code: 'cert-too-many',
  severity: 'warning',
  why: 'A file of many certificates or key groups is not what a server sends: with a CA bundle the first certificate is some CA\'s, not yours.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/chain-files.ts',
};
