// Evaluates one (certificates, key) pair once the files are read into blocks: chooses the leaf,
// builds the path, has the certificate rules (rules/certificates/) judge what loading found and the
// chain, and turns the findings into per-host verdicts.

import { buildChain, type ChainResult } from './chain.js';
import type { CertificateInfo } from './certificate-info.js';
import type { CertificateEvidence } from '../rules/certificates/evidence';
import { firstLine, judgeAll, judgeCertificate } from '../rules/certificates/judge';
import { day, listSome, type CertificateFinding } from './findings.js';
import { certificateMatches, normalizeHostname } from './host-match.js';
import type { LoadedCertificate, LoadedKey } from './load.js';
import { selectLeaf } from './select-leaf.js';
import { trustStoreFrom } from './trust-store.js';

export interface HostVerdict {
  hostname: string;
  /** Would a strict client (Gmail's "Send mail as") accept this certificate for this name? */
  accepted: boolean;
  /** One sentence: why not (the first blocking finding), or what was verified. */
  reason: string;
  /** The code of the finding behind a refusal. */
  code?: string;
}

export interface ChainSummary {
  status: ChainResult['status'];
  /** Leaf first; `index` is the certificate's position in its file, -1 for a trusted root. */
  path: { subject: string; source: 'file' | 'root'; index: number }[];
}

export interface CertificateReport {
  certificates: CertificateInfo[];
  /** "RSA 2048", "EC P-256", "Ed25519": the private key used, when one was read. */
  keyType?: string;
  findings: CertificateFinding[];
  verdicts: HostVerdict[];
  /** The path that was built (server role, readable certificates only). */
  chain?: ChainSummary;
}

export interface PairSettings {
  role: 'server' | 'client';
  hostnames: readonly string[];
  roots: readonly string[];
  now: Date;
  expiryWarningDays: number;
}

/** Error codes that make a strict client refuse, in the order a refusal is explained. */
const BLOCKING_ORDER = [
  'cert-not-pem',
  'key-not-pem',
  'key-encrypted',
  'key-mismatch',
  'cert-chain-order',
  'cert-self-signed',
  'cert-chain-incomplete',
  'cert-untrusted',
  'cert-expired',
  'cert-not-yet-valid',
  'cert-weak-key',
  'cert-weak-signature',
  'cert-not-for-server',
];

/** `earlier`: what loading the files found besides the certificates and the key. */
export function evaluatePair(certs: LoadedCertificate[], key: LoadedKey | undefined, earlier: readonly CertificateEvidence[], s: PairSettings): CertificateReport {
  const selection = selectLeaf(certs, key);
  const findings = judgeAll([...earlier, ...selection.evidence]);
  const report: CertificateReport = { certificates: certs.map((c) => c.info), findings, verdicts: [] };
  if (key) report.keyType = key.description;
  if (s.role === 'client') return report;
  const leaf = selection.leaf;
  const chain = buildChain(leaf, certs.filter((c) => c !== leaf), trustStoreFrom(s.roots));
  report.chain = {
    status: chain.status,
    path: chain.path.map((l) =>
      l.source === 'file' ? { subject: l.cert.info.subject, source: 'file' as const, index: l.cert.info.index } : { subject: l.anchor.x509.subject.split('\n').join(', '), source: 'root' as const, index: -1 },
    ),
  };
  const hostnames = s.hostnames.map(normalizeHostname);
  findings.push(...judgeCertificate({ kind: 'chain', hostnames, now: s.now, expiryWarningDays: s.expiryWarningDays, certs, leaf, key, chain }));
  report.verdicts = hostnames.map((h) => {
    const blocking = firstBlocking(findings);
    if (blocking) return { hostname: h.input, accepted: false, reason: blocking.message, code: blocking.code };
    if (!certificateMatches(leaf.x509, h)) {
      const has = listSome([...leaf.info.dnsNames, ...leaf.info.ipAddresses]) || 'no names (no Subject Alternative Name)';
      return { hostname: h.input, accepted: false, code: 'cert-name-mismatch', reason: `Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host". The certificate does not cover ${h.input}; it is for ${has}.` };
    }
    return { hostname: h.input, accepted: true, reason: `The certificate chain is trusted, covers ${h.input} and is valid until ${day(leaf.info.notAfter)}.` };
  });
  return report;
}

/** Verdicts for a certificate file that could not be read at all. */
export function refusedByAll(hostnames: readonly string[], finding: CertificateFinding): HostVerdict[] {
  return hostnames.map((h) => ({ hostname: h, accepted: false, reason: finding.message, code: finding.code }));
}

export function firstBlocking(findings: readonly CertificateFinding[]): CertificateFinding | undefined {
  let best: CertificateFinding | undefined;
  let bestRank = Infinity;
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const rank = BLOCKING_ORDER.indexOf(f.code);
    if (rank !== -1 && rank < bestRank) {
      best = f;
      bestRank = rank;
    }
  }
  return best;
}

/** The findings when analysing the file at `path` threw `e`. */
export function analysisFailed(e: unknown, path: string): CertificateFinding[] {
  return judgeCertificate({ kind: 'analysis-failed', stage: 'file', path, error: firstLine(e) });
}
