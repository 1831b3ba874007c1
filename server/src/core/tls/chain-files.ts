// Certificate analysis for smtpd_tls_chain_files (Postfix >= 3.4): the listed files are read in
// order as one PEM stream of (private key, certificate, intermediates…) groups, one group per
// algorithm (for example an RSA and an ECDSA pair). As in Postfix's tls_certkey.c, each key must
// come first and be directly followed by its certificate. Each group is analysed like a
// certificate setting (see analyze.ts for the contract); stream-level problems are reported once.
// Loading gathers evidence (rules/certificates/evidence.ts); the certificate rules judge it.

import type { CertificateCheckInput, SourceFile } from './analyze.js';
import { analysisFailed, evaluatePair, firstBlocking, type CertificateReport, type HostVerdict } from './evaluate.js';
import type { CertificateFinding } from './findings.js';
import { scanPem, type PemBlock } from './pem.js';
import { isKeyBlock, loadCertificates, loadKeyOrEvidence, noCertificate } from './read-blocks.js';
import type { CertificateEvidence } from '../rules/certificates/evidence';
import { judgeAll } from '../rules/certificates/judge';

export interface ChainFilesCheckInput extends Omit<CertificateCheckInput, 'certFile' | 'keyFile'> {
  /** The files of smtpd_tls_chain_files, in the order the parameter lists them. */
  files: SourceFile[];
}

export interface ChainFilesReport {
  /** One report per (key, chain) group, in stream order. */
  pairs: CertificateReport[];
  /** Problems of the stream itself (a file without PEM data, a certificate before any key…). */
  findings: CertificateFinding[];
  /** Accepted only when the stream loads and every group is accepted for that name. */
  verdicts: HostVerdict[];
}

type Located = { block: PemBlock; path: string };

/**
 * (key, chain) groups examined; a server needs one per algorithm (RSA, ECDSA, perhaps EdDSA). The
 * rest are counted, not loaded: each group costs signature checks, and a stream of thousands would
 * take seconds and give a finding per group.
 */
export const MAX_GROUPS = 8;

export function analyzeChainFiles(input: ChainFilesCheckInput): ChainFilesReport {
  try {
    return analyze(input);
  } catch (e) {
    return { pairs: [], findings: analysisFailed(e, input.files[0]?.path ?? ''), verdicts: [] };
  }
}

function analyze(input: ChainFilesCheckInput): ChainFilesReport {
  const settings = { role: input.role, hostnames: input.role === 'server' ? input.hostnames : [], roots: input.roots, now: input.now, expiryWarningDays: input.expiryWarningDays ?? 30 };
  const evidence: CertificateEvidence[] = [];
  const groups: { key?: Located; certs: Located[] }[] = [];
  const leading: Located[] = [];
  for (const file of input.files) {
    const scan = scanPem(file.bytes);
    if (!scan.blocks.some((b) => b.kind !== 'other')) evidence.push(noCertificate(file.path, file.bytes, scan));
    for (const block of scan.blocks) {
      const item = { block, path: file.path };
      if (isKeyBlock(block)) groups.push({ key: item, certs: [] });
      else if (block.kind === 'certificate') (groups.length ? groups[groups.length - 1]!.certs : leading).push(item);
    }
  }
  if (leading.length) {
    evidence.push({ kind: 'certificate-before-key', first: at(leading[0]!) });
    if (groups[0] && groups[0].certs.length === 0) groups[0].certs = leading;
    else groups.unshift({ certs: leading });
  }
  const pairs: CertificateReport[] = [];
  // One finding per root cause: every key without its certificate is listed in a single finding.
  const lonelyKeys: Located[] = [];
  let skipped = 0;
  for (const g of groups) {
    if (g.certs.length === 0) lonelyKeys.push(g.key!);
    else if (pairs.length < MAX_GROUPS) pairs.push(evaluateGroup(g.key, g.certs, settings));
    else skipped++;
  }
  if (lonelyKeys.length) evidence.push({ kind: 'keys-without-certificate', keys: lonelyKeys.map(at) });
  if (skipped) {
    const first = groups.filter((g) => g.certs.length > 0)[MAX_GROUPS]!;
    evidence.push({ kind: 'too-many-groups', next: at(first.key ?? first.certs[0]!), count: MAX_GROUPS + skipped, max: MAX_GROUPS });
  }
  const findings = judgeAll(evidence);
  return { pairs, findings, verdicts: verdictsOf(settings.hostnames, findings, pairs) };
}

/** Where a block is, as the evidence names it. */
function at(l: Located): { path: string; line: number } {
  return { path: l.path, line: l.block.line };
}

function evaluateGroup(keyItem: Located | undefined, certs: Located[], settings: Parameters<typeof evaluatePair>[3]): CertificateReport {
  const loaded = loadCertificates(certs);
  if (loaded.broken) return { certificates: loaded.certs.map((c) => c.info), findings: judgeAll(loaded.evidence), verdicts: [] };
  const evidence = [...loaded.evidence];
  let key;
  if (keyItem) {
    const k = loadKeyOrEvidence(keyItem.block, keyItem.path);
    if ('kind' in k) evidence.push(k);
    else key = k;
  } else {
    evidence.push({ kind: 'chain-without-key', first: at(certs[0]!) });
  }
  return evaluatePair(loaded.certs, key, evidence, settings);
}

function verdictsOf(hostnames: readonly string[], findings: CertificateFinding[], pairs: CertificateReport[]): HostVerdict[] {
  const streamBlock = firstBlocking(findings) ?? findings.find((f) => f.severity === 'error');
  return hostnames.map((hostname) => {
    if (streamBlock) return { hostname, accepted: false, reason: streamBlock.message, code: streamBlock.code };
    if (pairs.length === 0) return { hostname, accepted: false, reason: 'smtpd_tls_chain_files holds no key and certificate.', code: 'cert-not-pem' };
    for (const p of pairs) {
      const v = p.verdicts.find((x) => x.hostname === hostname);
      if (!v) {
        const f = firstBlocking(p.findings);
        return { hostname, accepted: false, reason: f?.message ?? 'a certificate chain could not be read', code: f?.code ?? 'cert-not-pem' };
      }
      if (!v.accepted) return v;
    }
    return pairs[0]!.verdicts.find((x) => x.hostname === hostname)!;
  });
}
