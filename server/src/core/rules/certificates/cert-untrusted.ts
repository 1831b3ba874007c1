// cert-untrusted: the path from the server certificate ends at no trusted root (a private or
// unknown CA); the finding points at the certificate where the path stops.

import { nameOf, where } from '../../tls/findings';
import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';

export const certUntrustedRule: CertificateRule = {
  code: 'cert-untrusted',
  severity: 'error',
  why: 'Gmail and other strict clients trust only public roots, so a certificate from a private or unknown CA is refused.',
  evidence: 'certificate',
  check: onChain(({ chain, leaf }) => {
    if (chain.status !== 'untrusted') return [];
    const culprit = chain.culprit ?? leaf;
    return [
      {
        code: 'cert-untrusted',
        severity: 'error',
        target: 'cert',
        path: culprit.path,
        line: culprit.info.line,
        message:
          `The certificate ${nameOf(leaf.info)} does not lead to a trusted root: ${chain.detail} (${where(culprit.path, culprit.info.line)}). ` +
          `Gmail and other strict clients refuse certificates from a private or unknown CA.`,
      },
    ];
  }),
};
