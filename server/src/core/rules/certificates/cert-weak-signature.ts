// cert-weak-signature: an MD2, MD5 or SHA-1 signature on the leaf or on an intermediate. A root's
// own signature is never checked by clients, and neither is a self-signed leaf's (which gets
// cert-self-signed instead).

import { isSelfSigned } from '../../tls/chain';
import { nameOf } from '../../tls/findings';
import type { CertificateFinding } from '../../tls/findings';
import { fileCertsOfPath } from './chain-evidence';
import { onChain } from './on-chain';
import type { CertificateRule } from '../rule';

const WEAK = new Set(['md2', 'md5', 'sha1']);

export const certWeakSignatureRule: CertificateRule = {
  code: 'cert-weak-signature',
  severity: 'error',
  why: 'SHA-1 and MD5 signatures can be forged, and current clients refuse certificates signed with them.',
  evidence: 'certificate',
  check: onChain((ctx) => {
    const out: CertificateFinding[] = [];
    for (const cert of fileCertsOfPath(ctx)) {
      if (!WEAK.has(cert.info.signatureHash) || isSelfSigned(cert.x509)) continue;
      const what = cert === ctx.leaf ? 'The certificate' : 'The intermediate certificate';
      out.push({
        code: 'cert-weak-signature',
        severity: 'error',
        target: 'cert',
        path: cert.path,
        line: cert.info.line,
        message: `${what} ${nameOf(cert.info)} is signed with ${cert.info.signatureHash.toUpperCase()} (${cert.info.signatureAlgorithm}); clients refuse SHA-1 and MD5 signatures as forgeable. Have it reissued with SHA-256.`,
      });
    }
    return out;
  }),
};
