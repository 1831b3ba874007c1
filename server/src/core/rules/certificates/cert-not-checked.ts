// cert-not-checked: the settings name more certificate files or bytes than one check reads, or a
// *_tls_chain_files list longer than is read (the limits: io/certificate-checks.ts, tls/config-targets.ts).

import type { SettingNote } from '../../tls/location';
import type { SettingRule } from '../rule';

export const certNotCheckedRule: SettingRule = {
  code: 'cert-not-checked',
  severity: 'warning',
  why: 'The files left unread were not checked, so problems in them stay hidden.',
  evidence: 'certificate-setting',
  check(e) {
    const at = { code: 'cert-not-checked', severity: 'warning' as const, at: e.at };
    if (e.kind === 'list-too-long') {
      const { param, listed, read } = e;
      const repeats = listed.length - new Set(listed).size;
      const note: SettingNote = {
        ...at,
        message:
          `${param} lists ${listed.length} files${repeats ? `, ${repeats} of them repeats` : ''}; postfix-lens read the first ${read} and not the other ` +
          `${listed.length - read}. A server needs a private key followed by its certificate chain for each algorithm (RSA, ECDSA): ` +
          'two to six files, each listed once. Postfix loads every file listed, so remove the repeats and the files that are not a key or chain.',
      };
      return [note];
    }
    if (e.kind === 'left-unread') {
      const { settings, files } = e;
      const more = `${settings} more setting${settings === 1 ? '' : 's'} naming ${files} file${files === 1 ? '' : 's'} ${settings === 1 ? 'was' : 'were'} not checked`;
      return [
        {
          ...at,
          message:
            `postfix-lens stopped reading certificate files here: the settings before it name ${e.limit} already, far more than a mail ` +
            `server uses (a certificate chain and its key are a few KiB), so ${more}. ` +
            'Check that these settings name the right files; postfix check and a live probe show what Postfix itself makes of them.',
        },
      ];
    }
    return [];
  },
};
