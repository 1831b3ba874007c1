// Builds the certification path a client would build: leaf first, then issuers taken from the
// trusted roots first (as OpenSSL does by default) and from the file's other certificates, each
// issuer confirmed by name/AKI (checkIssued) and by signature (verify). Bounded: at most
// MAX_DEPTH steps over at most the file's certificates plus the roots. Never throws.
//
// The outcome is one root cause:
//   trusted      the path ends at a given root (CA flags and pathLen along it are valid)
//   self-signed  the leaf signed itself (reported even when it is among the roots: public clients
//                such as Gmail never trust a self-signed server certificate)
//   incomplete   the leaf's issuer is neither in the file nor a root
//   untrusted    the path goes on past the leaf but does not reach a root, or breaks a CA rule

import type { X509Certificate } from 'node:crypto';
import type { LoadedCertificate } from './load.js';
import type { TrustAnchor, TrustStore } from './trust-store.js';

export type TrustStatus = 'trusted' | 'self-signed' | 'incomplete' | 'untrusted';

export type ChainLink = { source: 'file'; cert: LoadedCertificate } | { source: 'root'; anchor: TrustAnchor };

export interface ChainResult {
  status: TrustStatus;
  /** Leaf first. Ends with a root (source 'root') when `status` is 'trusted'. */
  path: ChainLink[];
  /** For 'incomplete' and 'untrusted': why, in words for a mail admin. */
  detail: string;
  /** The file certificate the explanation is about (the last one of the path, or the offender). */
  culprit?: LoadedCertificate;
}

const MAX_DEPTH = 12;

export function buildChain(leaf: LoadedCertificate, pool: readonly LoadedCertificate[], store: TrustStore): ChainResult {
  const path: ChainLink[] = [{ source: 'file', cert: leaf }];
  if (isSelfSigned(leaf.x509)) return { status: 'self-signed', path, detail: '' };
  const used = new Set<LoadedCertificate>([leaf]);
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = findAnchor(current.x509, store);
    if (anchor) {
      path.push({ source: 'root', anchor });
      return checkCaRules(path);
    }
    const next = pool.find((c) => !used.has(c) && issuedByFileCert(current, c));
    if (!next) {
      if (current === leaf) return { status: 'incomplete', path, detail: nearMiss(current, pool), culprit: leaf };
      return { status: 'untrusted', path, detail: `no trusted root issued ${quote(current.info.issuer)}, the issuer of ${quote(current.info.subject)}`, culprit: current };
    }
    path.push({ source: 'file', cert: next });
    used.add(next);
    current = next;
    if (isSelfSigned(current.x509)) {
      if (store.fingerprints.has(current.info.fingerprintSha256)) return checkCaRules(path);
      return { status: 'untrusted', path, detail: `the chain ends at the root ${quote(current.info.subject)}, which is not among the trusted roots`, culprit: current };
    }
  }
  return { status: 'untrusted', path, detail: `the chain is longer than ${MAX_DEPTH} certificates`, culprit: current };
}

/** Signed by its own key under its own name. Key usage is deliberately not considered (OpenSSL
 * calls a self-signed leaf without keyCertSign "self-signed" too). */
export function isSelfSigned(x: X509Certificate): boolean {
  return x.subject === x.issuer && verifies(x, x);
}

/** Issuer by name, AKI/SKI when both are present, and signature. CA flag, key usage and pathLen
 * are checked afterwards (checkCaRules) so that their failure gets its own explanation. */
function issuedByFileCert(child: LoadedCertificate, c: LoadedCertificate): boolean {
  if (child.x509.issuer !== c.x509.subject) return false;
  const aki = child.info.authorityKeyId;
  const ski = c.info.subjectKeyId;
  if (aki && ski && aki !== ski) return false;
  return verifies(child.x509, c.x509);
}

/** checkIssued compares names canonically (and AKI/SKI) but also rejects issuers without
 * keyCertSign; used for roots only, after a signature check. */
function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function verifies(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function findAnchor(x: X509Certificate, store: TrustStore): TrustAnchor | undefined {
  const byName = store.byIssuerOf(x);
  for (const a of byName) if (verifies(x, a.x509)) return a;
  // Names that are written differently but compare equal under OpenSSL's canonical form (case,
  // blanks, string types): only those roots are parsed and asked.
  for (const a of store.looselyByIssuerOf(x)) if (!byName.includes(a) && issuedBy(x, a.x509)) return a;
  return undefined;
}

/** CA rules for the issuers taken from the file: basicConstraints CA, pathLen, keyCertSign. */
function checkCaRules(path: ChainLink[]): ChainResult {
  for (let i = 1; i < path.length; i++) {
    const link = path[i]!;
    if (link.source !== 'file') continue;
    const info = link.cert.info;
    const why = !info.isCA
      ? 'it is not a CA certificate (basicConstraints CA:TRUE is missing), so it may not issue certificates'
      : info.pathLength !== undefined && i - 1 > info.pathLength
        ? `its pathLen constraint (${info.pathLength}) allows fewer intermediates below it`
        : info.keyUsage && !info.keyUsage.includes('keyCertSign')
          ? 'its key usage does not include keyCertSign'
          : '';
    if (why) return { status: 'untrusted', path, detail: `${quote(info.subject)} signs the certificate below it, but ${why}`, culprit: link.cert };
  }
  return { status: 'trusted', path, detail: '' };
}

/** Explains a missing issuer, mentioning a file certificate that has the right name but the wrong key. */
function nearMiss(leaf: LoadedCertificate, pool: readonly LoadedCertificate[]): string {
  const sameName = pool.find((c) => c.x509.subject === leaf.x509.issuer);
  const base = `its issuer ${quote(leaf.info.issuer)} is neither in the file nor among the trusted roots`;
  return sameName ? `${base}; the file has a certificate with that name, but it did not sign this certificate (another key: an older or a different intermediate)` : base;
}

function quote(s: string): string {
  return `"${s}"`;
}
