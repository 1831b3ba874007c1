// cert-settings-ignored: smtpd_tls_cert_file and friends are set beside smtpd_tls_chain_files, which replaces them.

import { serviceForMessage } from '../../config/quote';
import type { SettingRule } from '../rule';

export const certSettingsIgnoredRule: SettingRule = {
  code: 'cert-settings-ignored',
  severity: 'information',
  why: 'Postfix ignores the older certificate settings when smtpd_tls_chain_files is set, so the file misleads whoever renews the certificate named there.',
  evidence: 'certificate-setting',
  check: (e) =>
    e.kind === 'ignored-beside-chain-files'
      ? [
          {
            code: 'cert-settings-ignored',
            severity: 'information',
            message: `${e.param} is ignored: ${e.chainParam} is set${e.chainAt.service ? ` for ${serviceForMessage(e.chainAt.service)}` : ''}, and Postfix 3.4+ then loads only the files it lists.`,
            at: e.at,
          },
        ]
      : [],
};
