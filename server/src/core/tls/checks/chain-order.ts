// cert-chain-order (warning): the intermediates follow the leaf but not in issuing order (each
// certificate should be followed by its issuer, RFC 5246 7.4.2). Most clients re-sort, some do
// not. A leaf that is not first at all is an error decided in select-leaf.ts.

import { nameOf } from '../findings.js';
import { fileCertsOfPath, type CertificateCheck } from './context.js';

export const chainOrder: CertificateCheck = (ctx) => {
  if (ctx.leaf.info.index !== 0) return [];
  const certs = fileCertsOfPath(ctx);
  for (let i = 1; i < certs.length; i++) {
    if (certs[i]!.info.index > certs[i - 1]!.info.index) continue;
    const cert = certs[i]!;
    return [
      {
        code: 'cert-chain-order',
        severity: 'warning',
        target: 'cert',
        path: cert.path,
        line: cert.info.line,
        message: `The chain is out of order: ${nameOf(cert.info)} issued ${nameOf(certs[i - 1]!.info)} but comes before it in the file. Put the server certificate first, then each issuer after the certificate it signed (the order of fullchain.pem); some clients refuse other orders.`,
      },
    ];
  }
  return [];
};
