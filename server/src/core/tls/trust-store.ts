// Trusted roots, read lazily. The caller passes PEM strings (tls.rootCertificates plus the contents
// of extra CA files). Parsing all 145 public roots with X509Certificate costs ~75 ms, which a
// command-line run or a first diagnostic should not pay: each root is only decoded (base64), hashed
// (its fingerprint) and walked to its subject name (a few DER headers); the X509Certificate is made
// on first use, for a root whose name matches the issuer being looked for.

import { createHash, X509Certificate } from 'node:crypto';
import { issuerDer, subjectDer } from './der-names.js';

export interface TrustAnchor {
  /** Parsed on first use. */
  readonly x509: X509Certificate;
  /** Node's multi-line subject (parses the certificate). */
  readonly subject: string;
  /** SHA-256 fingerprint as X509Certificate.fingerprint256 writes it (AB:CD:...). */
  readonly fingerprint: string;
}

export interface TrustStore {
  anchors: TrustAnchor[];
  /** Roots whose subject is, byte for byte, the name a certificate gives as its issuer. */
  byIssuerOf(x: X509Certificate): TrustAnchor[];
  /** Roots whose subject equals that name but for case and blanks (OpenSSL compares names so). */
  looselyByIssuerOf(x: X509Certificate): TrustAnchor[];
  fingerprints: Set<string>;
}

class LazyAnchor implements TrustAnchor {
  private parsed?: X509Certificate;
  constructor(
    private readonly der: Buffer,
    readonly fingerprint: string,
  ) {}
  get x509(): X509Certificate {
    return (this.parsed ??= new X509Certificate(this.der));
  }
  get subject(): string {
    return this.x509.subject;
  }
}

interface ParsedRoot {
  anchor: LazyAnchor;
  subjectKey: string;
  looseKey: string;
}

const MAX_MEMO = 4096;
const parsed = new Map<string, ParsedRoot[]>();
const stores = new WeakMap<readonly string[], TrustStore>();

/** A name's DER bytes as a Map key. */
const key = (der: Uint8Array | undefined) => (der ? Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1') : '');
/** The printable text of a name, lower case, without blanks: equal for names OpenSSL finds equal. */
const loose = (k: string) => k.replace(/[^\x21-\x7e]+/g, '').toLowerCase();

export function trustStoreFrom(roots: readonly string[]): TrustStore {
  const known = stores.get(roots);
  if (known) return known;
  const anchors: TrustAnchor[] = [];
  const fingerprints = new Set<string>();
  const bySubject = new Map<string, TrustAnchor[]>();
  const byLoose = new Map<string, TrustAnchor[]>();
  const add = (m: Map<string, TrustAnchor[]>, k: string, a: TrustAnchor) => {
    const list = m.get(k);
    if (list) list.push(a);
    else m.set(k, [a]);
  };
  for (const pem of roots) {
    for (const r of parseRoot(pem)) {
      if (fingerprints.has(r.anchor.fingerprint)) continue;
      fingerprints.add(r.anchor.fingerprint);
      anchors.push(r.anchor);
      add(bySubject, r.subjectKey, r.anchor);
      add(byLoose, r.looseKey, r.anchor);
    }
  }
  const store: TrustStore = {
    anchors,
    fingerprints,
    byIssuerOf: (x) => bySubject.get(key(issuerDer(x.raw))) ?? [],
    looselyByIssuerOf: (x) => byLoose.get(loose(key(issuerDer(x.raw)))) ?? [],
  };
  if (Object.isFrozen(roots)) stores.set(roots, store);
  return store;
}

function fingerprintOf(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Every certificate block of one PEM string whose subject can be found; others are skipped. */
function parseRoot(pem: string): ParsedRoot[] {
  const hit = parsed.get(pem);
  if (hit) return hit;
  const out: ParsedRoot[] = [];
  // Roots are trusted input (Node's list, the admin's CA file): a plain split of the PEM blocks is
  // enough, and several times faster than the general scanner used for certificates under test.
  for (const m of pem.matchAll(/-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([^-]*)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g)) {
    const der = Buffer.from(m[1]!, 'base64');
    const subject = subjectDer(der);
    if (!subject) continue; // not a certificate: it cannot anchor anything
    const subjectKey = key(subject);
    out.push({ anchor: new LazyAnchor(der, fingerprintOf(der)), subjectKey, looseKey: loose(subjectKey) });
    if (out.length >= 1000) break;
  }
  if (parsed.size >= MAX_MEMO) parsed.clear();
  parsed.set(pem, out);
  return out;
}
