// The certificate chains a server setting loads, as DANE compares them (tlsa-judgement.ts): the
// leaf first, then what follows it. Pure: the caller reads the files.
// - A certificate/key pair setting (smtpd_tls_cert_file...): the certificates of the certificate
//   file, in order: one chain.
// - smtpd_tls_chain_files: the files as one PEM stream of (key, certificates...) groups, as
//   chain-files.ts reads it: one chain per key.
// Blocks that do not decode are left out: the certificate rules report them.

import { X509Certificate } from 'node:crypto';
import type { SourceFile } from '../tls/analyze';
import { scanPem } from '../tls/pem';
import { isKeyBlock } from '../tls/read-blocks';
import type { CertificateKeys } from './tlsa';
import type { ChainOnDisk } from './tlsa-judgement';

/** Chains past this many are not compared (a server has one per algorithm: two, three). */
const MAX_CHAINS = 8;

export function chainsOnDisk(kind: 'pair' | 'chain', files: readonly SourceFile[]): ChainOnDisk[] {
  if (kind === 'pair') {
    const cert = files[0];
    if (!cert) return [];
    const certificates = certificatesOf(scanPem(cert.bytes).blocks);
    return certificates.length ? [{ source: cert.path, certificates, files: [cert.path] }] : [];
  }
  const groups: { paths: string[]; blocks: ReturnType<typeof scanPem>['blocks'] }[] = [];
  for (const f of files) {
    for (const b of scanPem(f.bytes).blocks) {
      if (isKeyBlock(b) || groups.length === 0) groups.push({ paths: [], blocks: [] });
      const g = groups[groups.length - 1]!;
      if (b.kind !== 'certificate') continue;
      g.blocks.push(b);
      if (!g.paths.includes(f.path)) g.paths.push(f.path);
    }
  }
  const out: ChainOnDisk[] = [];
  for (const g of groups) {
    const certificates = certificatesOf(g.blocks);
    if (certificates.length && out.length < MAX_CHAINS) out.push({ source: g.paths.join(' + '), certificates, files: g.paths });
  }
  return out;
}

function certificatesOf(blocks: ReturnType<typeof scanPem>['blocks']): CertificateKeys[] {
  const out: CertificateKeys[] = [];
  for (const b of blocks) {
    if (b.kind !== 'certificate' || !b.der) continue;
    try {
      const x = new X509Certificate(b.der);
      out.push({ certDer: b.der, spkiDer: x.publicKey.export({ type: 'spki', format: 'der' }) });
    } catch {
      // Not a certificate Node can load: the certificate rules say so.
    }
  }
  return out;
}
