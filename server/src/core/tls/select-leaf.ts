// Which certificate is the server certificate, and does the key belong to it?
// Postfix (OpenSSL) serves the FIRST certificate of the file and requires the key to match it. When
// the key matches a later certificate instead, the single root cause is the order (leaf-not-first,
// cert-chain-order), not the key. Only when no certificate matches is it key-not-matching.
// The certificate chosen as `leaf` is the one the other checks examine: the one the admin meant.

import type { CertificateEvidence } from '../rules/certificates/evidence';
import { keyMatches, type LoadedCertificate, type LoadedKey } from './load.js';

export interface LeafSelection {
  leaf: LoadedCertificate;
  evidence: CertificateEvidence[];
}

/** `certs` is non-empty and in file order. */
export function selectLeaf(certs: readonly LoadedCertificate[], key: LoadedKey | undefined): LeafSelection {
  const first = certs[0]!;
  if (key && keyMatches(first, key)) return { leaf: first, evidence: [] };
  const owner = key ? certs.find((c) => c !== first && keyMatches(c, key)) : undefined;
  const leaf = owner ?? (first.info.isCA ? (certs.find((c) => !c.info.isCA) ?? first) : first);
  const evidence: CertificateEvidence[] = [];
  if (leaf !== first) evidence.push({ kind: 'leaf-not-first', first, leaf, keyOwned: owner !== undefined });
  if (key && !owner) evidence.push({ kind: 'key-not-matching', key, leaf });
  return { leaf, evidence };
}
