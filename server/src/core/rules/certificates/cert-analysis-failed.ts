// cert-analysis-failed: postfix-lens could not finish analysing a certificate file, the files of a
// setting, or the chain a server sent to the probe (a bug in postfix-lens).

import type { CertificateRule } from '../rule';

export const certAnalysisFailedRule: CertificateRule = {
  code: 'cert-analysis-failed',
  severity: 'warning',
  why: 'The certificate was not checked, so a real problem in it would go unreported.',
  evidence: 'certificate',
  check(e) {
    if (e.kind !== 'analysis-failed') return [];
    const at = { code: 'cert-analysis-failed', severity: 'warning' as const, target: 'cert' as const, path: e.path };
    switch (e.stage) {
      case 'file':
        return [{ ...at, message: `postfix-lens could not finish analysing ${e.path} (${e.error}). This is a bug in postfix-lens; the file may still be fine.` }];
      case 'setting':
        return [{ ...at, message: `The certificate could not be checked: ${e.error}` }];
      case 'sent-chain':
        return [{ ...at, message: `postfix-lens could not analyse the certificates the server sent (${e.error}). This is a bug in postfix-lens.` }];
    }
  },
};
