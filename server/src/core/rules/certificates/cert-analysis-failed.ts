// cert-analysis-failed: postfix-lens could not finish analysing a certificate file (a bug in postfix-lens).
// Judged where its evidence is read (core/tls/evaluate.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certAnalysisFailedRule: DeclaredRule = {
  code: 'cert-analysis-failed',
  severity: 'warning',
  why: 'The certificate was not checked, so a real problem in it would go unreported.',
  evidence: 'certificate-file',
  madeBy: 'core/tls/evaluate.ts',
};
