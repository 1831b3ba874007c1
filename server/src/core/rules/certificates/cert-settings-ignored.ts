// cert-settings-ignored: smtpd_tls_cert_file and friends are set beside smtpd_tls_chain_files, which replaces them.
// Judged where its evidence is read (core/tls/config-targets.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const certSettingsIgnoredRule: DeclaredRule = {
  code: 'cert-settings-ignored',
  severity: 'information',
  why: 'Postfix ignores the older certificate settings when smtpd_tls_chain_files is set, so the file misleads whoever renews the certificate named there.',
  evidence: 'configuration',
  madeBy: 'core/tls/config-targets.ts',
};
