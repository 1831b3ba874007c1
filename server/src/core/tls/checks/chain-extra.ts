// cert-chain-extra (hint): certificates in the file that are not on the leaf's trusted path.
// Postfix sends them with every handshake; clients ignore them. Only reported when the path is
// otherwise fine, so that a wrong intermediate is explained once, by cert-chain-incomplete.

import { isSelfSigned } from '../chain.js';
import { nameOf } from '../findings.js';
import type { CertificateFinding } from '../findings.js';
import { fileCertsOfPath, type CertificateCheck } from './context.js';

export const chainExtra: CertificateCheck = (ctx) => {
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
};
