// cert-too-many: more certificates, or key and certificate groups, than a server uses; only the
// first are examined (the loader's limits: tls/read-blocks.ts, tls/chain-files.ts).

import { where } from '../../tls/findings';
import type { CertificateRule } from '../rule';

export const certTooManyRule: CertificateRule = {
  code: 'cert-too-many',
  severity: 'warning',
  why: 'A file of many certificates or key groups is not what a server sends: with a CA bundle the first certificate is some CA\'s, not yours.',
  evidence: 'certificate',
  check(e) {
    const at = { code: 'cert-too-many', severity: 'warning' as const, target: 'cert' as const };
    if (e.kind === 'too-many-certificates') {
      return [
        {
          ...at,
          path: e.path,
          line: e.line,
          message: `${e.path} holds ${e.count} certificates; only the first ${e.max} were examined. A server needs only its certificate and the intermediates (usually 2 to 4); Postfix sends all of them with every handshake.`,
        },
      ];
    }
    if (e.kind === 'too-many-groups') {
      const { path, line } = e.next;
      return [
        {
          ...at,
          path,
          line,
          message: `smtpd_tls_chain_files holds ${e.count} key and certificate groups; only the first ${e.max} were examined (the next starts at ${where(path, line)}). A server needs one group per algorithm (an RSA and an ECDSA key, each followed by its certificate and intermediates).`,
        },
      ];
    }
    return [];
  },
};
