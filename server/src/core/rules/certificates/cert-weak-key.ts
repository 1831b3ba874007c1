// cert-weak-key: RSA/DSA keys under 2048 bits and EC keys under 256 bits, on the leaf and on the
// intermediates from the file (roots are the client's business). 2048 is OpenSSL's security
// level 2, the default of current distributions, and the CA/Browser Forum minimum.

import { describeCertificateKey } from '../../tls/load';
import { nameOf } from '../../tls/findings';
import type { CertificateFinding } from '../../tls/findings';
import { fileCertsOfPath } from './chain-evidence';
import { onChain } from './on-chain';
import type { CertificateRule } from '../rule';

export const certWeakKeyRule: CertificateRule = {
  code: 'cert-weak-key',
  severity: 'error',
  why: 'OpenSSL at security level 2, the default of current distributions, refuses RSA keys under 2048 bits and EC keys under 256 bits, so clients cannot connect.',
  evidence: 'certificate',
  check: onChain((ctx) => {
    const out: CertificateFinding[] = [];
    for (const cert of fileCertsOfPath(ctx)) {
      const { keyAlgorithm, keySize } = cert.info;
      const rsaLike = keyAlgorithm === 'RSA' || keyAlgorithm === 'RSA-PSS' || keyAlgorithm === 'DSA';
      const min = rsaLike ? 2048 : keyAlgorithm === 'EC' ? 256 : 0;
      if (keySize === undefined || keySize >= min) continue;
      const what = cert === ctx.leaf ? 'The certificate' : 'The intermediate certificate';
      out.push({
        code: 'cert-weak-key',
        severity: 'error',
        target: 'cert',
        path: cert.path,
        line: cert.info.line,
        message: `${what} ${nameOf(cert.info)} has a weak ${describeCertificateKey(cert.info)}-bit key; clients require at least ${min} bits (OpenSSL at security level 2 refuses it with "key too weak"). Reissue it with a ${rsaLike ? '2048-bit (or larger) RSA' : 'P-256 or P-384'} key.`,
      });
    }
    return out;
  }),
};
