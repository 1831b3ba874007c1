// From PEM blocks to loaded certificates and keys, with the evidence of what could not be loaded
// (judged by the certificate rules, rules/certificates/).

import type { CertificateEvidence } from '../rules/certificates/evidence';
import { detectFormat } from './file-format.js';
import { loadCertificate, loadKey, type LoadedCertificate, type LoadedKey } from './load.js';
import type { PemBlock, PemScan } from './pem.js';

/** More certificates than any server chain needs; the rest are counted, not parsed. */
export const MAX_CERTIFICATES = 100;

export interface CertificateLoad {
  certs: LoadedCertificate[];
  /** A damaged block, or more certificates than are loaded. */
  evidence: CertificateEvidence[];
  /** True when a certificate block is damaged: Postfix refuses the whole file. */
  broken: boolean;
}

/** `blocks` are the CERTIFICATE blocks of one chain, in order; indexes count from `firstIndex`. */
export function loadCertificates(blocks: readonly { block: PemBlock; path: string }[], firstIndex = 0): CertificateLoad {
  const out: CertificateLoad = { certs: [], evidence: [], broken: false };
  for (let i = 0; i < blocks.length && i < MAX_CERTIFICATES; i++) {
    const { block, path } = blocks[i]!;
    const loaded = loadCertificate(block, path, firstIndex + i);
    if ('damage' in loaded) {
      out.evidence.push({ kind: 'damaged-certificate', path, line: block.line, damage: loaded.damage });
      out.broken = true;
      return out;
    }
    out.certs.push(loaded);
  }
  if (blocks.length > MAX_CERTIFICATES) {
    out.evidence.push({ kind: 'too-many-certificates', path: blocks[0]!.path, line: blocks[MAX_CERTIFICATES]!.block.line, count: blocks.length, max: MAX_CERTIFICATES });
  }
  return out;
}

/** The key of a block, or the evidence of why it cannot be used. */
export function loadKeyOrEvidence(block: PemBlock, path: string): LoadedKey | CertificateEvidence {
  const loaded = loadKey(block, path);
  return 'damage' in loaded ? { kind: 'unusable-key', path, line: block.line, damage: loaded.damage, encrypted: loaded.encrypted } : loaded;
}

/** A file that should hold a certificate and holds none: its blocks, or what its bytes are. */
export function noCertificate(path: string, bytes: Uint8Array, scan: PemScan): CertificateEvidence {
  return { kind: 'no-certificate', path, blocks: scan.blocks, ...(scan.blocks.length === 0 ? { format: detectFormat(bytes) } : {}) };
}

/** A key file without a private key: its blocks, or what its bytes are. */
export function noKeyInKeyFile(path: string, bytes: Uint8Array, scan: PemScan, keySetting: string): CertificateEvidence {
  return { kind: 'no-key', in: 'key-file', path, keySetting, blocks: scan.blocks, ...(scan.blocks.length === 0 ? { format: detectFormat(bytes) } : {}) };
}

export function isKeyBlock(b: PemBlock): boolean {
  return b.kind === 'private-key' || b.kind === 'encrypted-private-key';
}
