// cert-chain-order (warning): the intermediates follow the leaf but not in issuing order (each
// certificate should be followed by its issuer, RFC 5246 7.4.2). Most clients re-sort, some do
// not. A leaf that is not first at all is an error decided in tls/select-leaf.ts.

import { nameOf } from '../../tls/findings';
import { fileCertsOfPath } from './chain-evidence';
import type { ChainRule } from '../rule';

export const certChainOrderRule: ChainRule = {
  code: 'cert-chain-order',
  // An error where the order disables TLS (a leaf or a key not first: tls/select-leaf.ts,
  // tls/chain-files.ts); this check's own finding, intermediates out of order, is a warning.
  severity: 'error',
  why: 'Postfix presents the first certificate of the file as its own and sends the rest in file order; a key before its certificate or a leaf after its issuer disables TLS, and intermediates out of order are refused by some clients.',
  evidence: 'certificate-chain',
  check: (ctx) => {
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
  },
};
