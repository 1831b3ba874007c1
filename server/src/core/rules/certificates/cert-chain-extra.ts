// cert-chain-extra (hint): certificates in the file that are not on the leaf's trusted path.
// Postfix sends them with every handshake; clients ignore them. Only reported when the path is
// otherwise fine, so that a wrong intermediate is explained once, by cert-chain-incomplete.

import { isSelfSigned } from '../../tls/chain';
import { nameOf } from '../../tls/findings';
import type { CertificateFinding } from '../../tls/findings';
import { fileCertsOfPath } from './chain-evidence';
import { onChain } from './on-chain';
import type { CertificateRule } from '../rule';

export const certChainExtraRule: CertificateRule = {
  code: 'cert-chain-extra',
  severity: 'hint',
  why: 'Certificates that are not on the server certificate\'s path are sent with every handshake for nothing; clients ignore them.',
  evidence: 'certificate',
  check: onChain((ctx) => {
    if (ctx.chain.status !== 'trusted') return [];
    const onPath = new Set(fileCertsOfPath(ctx));
    const out: CertificateFinding[] = [];
    for (const cert of ctx.certs) {
      if (onPath.has(cert) || out.length >= 10) continue;
      const why = isSelfSigned(cert.x509)
        ? 'is a root certificate: clients use their own copy, so sending it only makes every handshake bigger'
        : 'is not part of the server certificate\'s chain; Postfix sends it with every handshake and clients ignore it';
      out.push({ code: 'cert-chain-extra', severity: 'hint', target: 'cert', path: cert.path, line: cert.info.line, message: `The certificate ${nameOf(cert.info)} ${why}. You can remove it.` });
    }
    return out;
  }),
};
