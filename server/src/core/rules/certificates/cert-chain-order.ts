// cert-chain-order: the certificates and keys are not in the order Postfix reads them.
// - error: the server certificate is not the first of its file (Postfix presents the first); in
//   smtpd_tls_chain_files a certificate before any key, or a key not followed by its certificate
//   (as in Postfix's tls_certkey.c, each key comes first and its certificate right after it);
// - warning: the intermediates follow the leaf but not in issuing order (each certificate should be
//   followed by its issuer, RFC 5246 7.4.2). Most clients re-sort, some do not.

import { listSome, nameOf, where, type CertificateFinding } from '../../tls/findings';
import { fileCertsOfPath, type ChainEvidence } from './chain-evidence';
import type { CertificateEvidence } from './evidence';
import type { CertificateRule } from '../rule';

/** Lines listed in the one finding about keys without a certificate after them. */
const MAX_LISTED = 5;

export const certChainOrderRule: CertificateRule = {
  code: 'cert-chain-order',
  severity: 'error',
  why: 'Postfix presents the first certificate of the file as its own and sends the rest in file order; a key before its certificate or a leaf after its issuer disables TLS, and intermediates out of order are refused by some clients.',
  evidence: 'certificate',
  check: (e) => (e.kind === 'chain' ? intermediatesOutOfOrder(e) : outOfPlace(e)),
};

function outOfPlace(e: CertificateEvidence): CertificateFinding[] {
  const at = { code: 'cert-chain-order', severity: 'error' as const };
  switch (e.kind) {
    case 'leaf-not-first': {
      const { first, leaf, keyOwned } = e;
      return [
        {
          ...at,
          target: 'cert',
          path: first.path,
          line: first.info.line,
          message:
            `The server certificate must come first, but ${first.path} starts with ${first.info.isCA ? 'the CA certificate' : 'the certificate'} ${nameOf(first.info)}; ` +
            `the server certificate ${nameOf(leaf.info)} comes later (${where(leaf.path, leaf.info.line)})` +
            (keyOwned ? ' and the key belongs to it' : '') +
            `. Postfix presents the first certificate as its own${keyOwned ? ', finds that the key does not match it, and disables TLS' : ''}. ` +
            `Put the server certificate first, then its intermediates (the order of fullchain.pem).`,
        },
      ];
    }
    case 'certificate-before-key': {
      const { path, line } = e.first;
      return [
        {
          ...at,
          target: 'cert',
          path,
          line,
          message: `In smtpd_tls_chain_files each private key must come first, directly followed by its certificate and then the intermediates, but the stream starts with a certificate (${where(path, line)}). Postfix logs "key not first" and disables TLS. Concatenate privkey.pem before fullchain.pem.`,
        },
      ];
    }
    case 'keys-without-certificate': {
      const [first, ...more] = e.keys;
      if (!first) return [];
      const others = more.length ? `, nor are ${more.length} more keys (${listSome(more.map((k) => where(k.path, k.line)), MAX_LISTED)})` : '';
      return [
        {
          ...at,
          target: 'key',
          path: first.path,
          line: first.line,
          message: `The private key at ${where(first.path, first.line)} is not followed by its certificate${others}. In smtpd_tls_chain_files each key must be directly followed by its certificate and intermediates; Postfix disables TLS.`,
        },
      ];
    }
    default:
      return [];
  }
}

/** The warning: a leaf in its place, then an issuer before the certificate it issued. */
function intermediatesOutOfOrder(ctx: ChainEvidence): CertificateFinding[] {
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
}
