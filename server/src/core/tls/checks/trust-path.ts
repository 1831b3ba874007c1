// cert-self-signed, cert-chain-incomplete, cert-untrusted: the single verdict of the path builder.
// Exactly one of them (or none): a self-signed leaf is not also "untrusted", a leaf without its
// intermediate is not also "untrusted".

import { nameOf, where } from '../findings.js';
import type { CertificateCheck } from './context.js';

export const trustPath: CertificateCheck = ({ chain, leaf }) => {
  const at = { target: 'cert' as const, path: leaf.path, line: leaf.info.line };
  switch (chain.status) {
    case 'trusted':
      return [];
    case 'self-signed':
      return [
        {
          code: 'cert-self-signed',
          severity: 'error',
          ...at,
          message:
            `The certificate ${nameOf(leaf.info)} is self-signed, so no client can verify it. ` +
            `Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host". ` +
            `Use a certificate from a public CA (for example Let's Encrypt).`,
        },
      ];
    case 'incomplete':
      return [
        {
          code: 'cert-chain-incomplete',
          severity: 'error',
          ...at,
          message:
            `The chain is incomplete: the certificate ${nameOf(leaf.info)} is alone and ${chain.detail}. ` +
            `Clients that do not already hold that intermediate certificate (Gmail among them) refuse the connection. ` +
            `Point the setting at the full chain (with certbot: fullchain.pem, not cert.pem), or append the intermediate after the certificate.`,
        },
      ];
    case 'untrusted': {
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
    }
  }
};
