// cert-self-signed: the server certificate signed itself, so no client can verify it.

import { nameOf } from '../../tls/findings';
import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';
import { atLeaf } from './trust-path';

export const certSelfSignedRule: CertificateRule = {
  code: 'cert-self-signed',
  severity: 'error',
  why: 'No client can verify a self-signed certificate; Gmail\'s "Send mail as" and other strict clients refuse it.',
  evidence: 'certificate',
  check: onChain((ctx) =>
    ctx.chain.status !== 'self-signed'
      ? []
      : [
          {
            code: 'cert-self-signed',
            severity: 'error',
            ...atLeaf(ctx),
            message:
              `The certificate ${nameOf(ctx.leaf.info)} is self-signed, so no client can verify it. ` +
              `Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host". ` +
              `Use a certificate from a public CA (for example Let's Encrypt).`,
          },
        ]),
};
