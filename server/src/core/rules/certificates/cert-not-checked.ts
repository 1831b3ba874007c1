// cert-not-checked: the settings name more certificate files or bytes than one check reads.
// Judged where its evidence is read (io/certificate-checks.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certNotCheckedRule: DeclaredRule = {
  code: 'cert-not-checked',
  severity: 'warning',
  why: 'The files left unread were not checked, so problems in them stay hidden.',
  evidence: 'certificate-read',
  madeBy: 'io/certificate-checks.ts',
};
