// cert-not-for-server: an Extended Key Usage extension that does not allow TLS server
// authentication. No EKU at all means any purpose, which is fine.

import { nameOf } from '../../tls/findings';
import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';

export const certNotForServerRule: CertificateRule = {
  code: 'cert-not-for-server',
  severity: 'error',
  why: 'Clients refuse a certificate whose Extended Key Usage does not allow TLS server authentication (OpenSSL: "unsupported certificate purpose").',
  evidence: 'certificate',
  check: onChain(({ leaf }) => {
    const eku = leaf.info.extKeyUsage;
    if (!eku || eku.includes('serverAuth') || eku.includes('anyExtendedKeyUsage')) return [];
    return [
      {
        code: 'cert-not-for-server',
        severity: 'error',
        target: 'cert',
        path: leaf.path,
        line: leaf.info.line,
        message: `The certificate ${nameOf(leaf.info)} may only be used for ${eku.length ? eku.join(', ') : 'nothing (its Extended Key Usage is empty)'}, not for a TLS server; clients refuse it with "unsupported certificate purpose". Reissue it with Extended Key Usage serverAuth ("TLS Web Server Authentication").`,
      },
    ];
  }),
};
