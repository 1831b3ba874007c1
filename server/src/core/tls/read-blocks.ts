// From PEM blocks to loaded certificates and keys, with the findings for what cannot be loaded.

import { damagedCertificateFinding, unusableKeyFinding } from './file-findings.js';
import type { CertificateFinding } from './findings.js';
import { loadCertificate, loadKey, type LoadedCertificate, type LoadedKey } from './load.js';
import type { PemBlock } from './pem.js';

/** More certificates than any server chain needs; the rest are counted, not parsed. */
export const MAX_CERTIFICATES = 100;

export interface CertificateLoad {
  certs: LoadedCertificate[];
  findings: CertificateFinding[];
  /** True when a certificate block is damaged: Postfix refuses the whole file. */
  broken: boolean;
}

/** `blocks` are the CERTIFICATE blocks of one chain, in order; indexes count from `firstIndex`. */
export function loadCertificates(blocks: readonly { block: PemBlock; path: string }[], firstIndex = 0): CertificateLoad {
  const out: CertificateLoad = { certs: [], findings: [], broken: false };
  for (let i = 0; i < blocks.length && i < MAX_CERTIFICATES; i++) {
    const { block, path } = blocks[i]!;
    const loaded = loadCertificate(block, path, firstIndex + i);
    if ('damage' in loaded) {
      out.findings.push(damagedCertificateFinding(path, block, loaded.damage));
      out.broken = true;
      return out;
    }
    out.certs.push(loaded);
  }
  if (blocks.length > MAX_CERTIFICATES) {
    const { path } = blocks[0]!;
    out.findings.push({
      code: 'cert-too-many',
      severity: 'warning',
      target: 'cert',
      path,
      line: blocks[MAX_CERTIFICATES]!.block.line,
      message: `${path} holds ${blocks.length} certificates; only the first ${MAX_CERTIFICATES} were examined. A server needs only its certificate and the intermediates (usually 2 to 4); Postfix sends all of them with every handshake.`,
    });
  }
  return out;
}

/** The key of a block, or the finding that says why it cannot be used. */
export function loadKeyOrFinding(block: PemBlock, path: string): LoadedKey | CertificateFinding {
  const loaded = loadKey(block, path);
  return 'damage' in loaded ? unusableKeyFinding(path, block, loaded.damage, loaded.encrypted) : loaded;
}

export function isKeyBlock(b: PemBlock): boolean {
  return b.kind === 'private-key' || b.kind === 'encrypted-private-key';
}
