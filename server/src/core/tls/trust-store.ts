// Trusted roots, parsed once. The caller passes PEM strings (tls.rootCertificates plus the contents
// of extra CA files); parsing 144 roots costs ~25 ms, so each distinct string is parsed once and
// remembered (bounded memo; the same string object hashes once in V8, so look-ups are cheap).

import { X509Certificate } from 'node:crypto';
import { scanPem } from './pem.js';

export interface TrustAnchor {
  x509: X509Certificate;
  /** Node's multi-line subject, used to pre-select issuers by name. */
  subject: string;
  fingerprint: string;
}

export interface TrustStore {
  anchors: TrustAnchor[];
  bySubject: Map<string, TrustAnchor[]>;
  fingerprints: Set<string>;
}

const MAX_MEMO = 4096;
const parsed = new Map<string, TrustAnchor[]>();
const stores = new WeakMap<readonly string[], TrustStore>();

export function trustStoreFrom(roots: readonly string[]): TrustStore {
  const known = stores.get(roots);
  if (known) return known;
  const store: TrustStore = { anchors: [], bySubject: new Map(), fingerprints: new Set() };
  for (const pem of roots) {
    for (const anchor of parseRoot(pem)) {
      if (store.fingerprints.has(anchor.fingerprint)) continue;
      store.fingerprints.add(anchor.fingerprint);
      store.anchors.push(anchor);
      const list = store.bySubject.get(anchor.subject);
      if (list) list.push(anchor);
      else store.bySubject.set(anchor.subject, [anchor]);
    }
  }
  if (Object.isFrozen(roots)) stores.set(roots, store);
  return store;
}

/** Every readable certificate of one PEM string; unreadable blocks are skipped. */
function parseRoot(pem: string): TrustAnchor[] {
  const hit = parsed.get(pem);
  if (hit) return hit;
  const out: TrustAnchor[] = [];
  for (const block of scanPem(Buffer.from(pem, 'latin1')).blocks) {
    if (block.kind !== 'certificate' || !block.der) continue;
    try {
      const x509 = new X509Certificate(block.der);
      out.push({ x509, subject: x509.subject, fingerprint: x509.fingerprint256 });
    } catch {
      // not a certificate OpenSSL can read: it cannot anchor anything
    }
    if (out.length >= 1000) break;
  }
  if (parsed.size >= MAX_MEMO) parsed.clear();
  parsed.set(pem, out);
  return out;
}
