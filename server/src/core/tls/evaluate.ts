// Evaluates one (certificates, key) pair once the files are read into blocks: chooses the leaf,
// runs the certificate-chain rules (rules/certificates/) over the path, and turns the findings into
// per-host verdicts.

import { buildChain, type ChainResult } from './chain.js';
import type { CertificateInfo } from './certificate-info.js';
import { chainRules } from '../rules/certificates/index';
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

export function evaluatePair(certs: LoadedCertificate[], key: LoadedKey | undefined, earlier: CertificateFinding[], s: PairSettings): CertificateReport {
  const selection = selectLeaf(certs, key);
  const findings = [...earlier, ...selection.findings];
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
  const ctx = { hostnames, now: s.now, expiryWarningDays: s.expiryWarningDays, certs, leaf, key, chain };
  for (const rule of chainRules) {
    try {
      findings.push(...rule.check(ctx));
    } catch (e) {
      findings.push(analysisFailed(e, leaf.path));
    }
  }
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

export function analysisFailed(e: unknown, path: string): CertificateFinding {
  const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return { code: 'cert-analysis-failed', severity: 'warning', target: 'cert', path, message: `postfix-lens could not finish analysing ${path} (${why}). This is a bug in postfix-lens; the file may still be fine.` };
}
