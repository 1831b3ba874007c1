// Certificate analysis for smtpd_tls_chain_files (Postfix >= 3.4): the listed files are read in
// order as one PEM stream of (private key, certificate, intermediates…) groups, one group per
// algorithm (for example an RSA and an ECDSA pair). As in Postfix's tls_certkey.c, each key must
// come first and be directly followed by its certificate. Each group is analysed like a
// certificate setting (see analyze.ts for the contract); stream-level problems are reported once.

import type { CertificateCheckInput, SourceFile } from './analyze.js';
import { analysisFailed, evaluatePair, firstBlocking, type CertificateReport, type HostVerdict } from './evaluate.js';
import { noCertificateFinding } from './file-findings.js';
import { listSome, where, type CertificateFinding } from './findings.js';
import { scanPem, type PemBlock } from './pem.js';
import { isKeyBlock, loadCertificates, loadKeyOrFinding } from './read-blocks.js';

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
/** Lines listed in the one finding about keys without a certificate after them. */
const MAX_LISTED = 5;

export function analyzeChainFiles(input: ChainFilesCheckInput): ChainFilesReport {
  try {
    return analyze(input);
  } catch (e) {
    return { pairs: [], findings: [analysisFailed(e, input.files[0]?.path ?? '')], verdicts: [] };
  }
}

function analyze(input: ChainFilesCheckInput): ChainFilesReport {
  const settings = { role: input.role, hostnames: input.role === 'server' ? input.hostnames : [], roots: input.roots, now: input.now, expiryWarningDays: input.expiryWarningDays ?? 30 };
  const findings: CertificateFinding[] = [];
  const groups: { key?: Located; certs: Located[] }[] = [];
  const leading: Located[] = [];
  for (const file of input.files) {
    const scan = scanPem(file.bytes);
    if (!scan.blocks.some((b) => b.kind !== 'other')) findings.push(noCertificateFinding(file.path, file.bytes, scan));
    for (const block of scan.blocks) {
      const item = { block, path: file.path };
      if (isKeyBlock(block)) groups.push({ key: item, certs: [] });
      else if (block.kind === 'certificate') (groups.length ? groups[groups.length - 1]!.certs : leading).push(item);
    }
  }
  if (leading.length) {
    const first = leading[0]!;
    findings.push({
      code: 'cert-chain-order',
      severity: 'error',
      target: 'cert',
      path: first.path,
      line: first.block.line,
      message: `In smtpd_tls_chain_files each private key must come first, directly followed by its certificate and then the intermediates, but the stream starts with a certificate (${where(first.path, first.block.line)}). Postfix logs "key not first" and disables TLS. Concatenate privkey.pem before fullchain.pem.`,
    });
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
  if (lonelyKeys.length) findings.push(lonelyKeysFinding(lonelyKeys));
  if (skipped) {
    const first = groups.filter((g) => g.certs.length > 0)[MAX_GROUPS]!;
    const at = first.key ?? first.certs[0]!;
    findings.push({
      code: 'cert-too-many',
      severity: 'warning',
      target: 'cert',
      path: at.path,
      line: at.block.line,
      message: `smtpd_tls_chain_files holds ${MAX_GROUPS + skipped} key and certificate groups; only the first ${MAX_GROUPS} were examined (the next starts at ${where(at.path, at.block.line)}). A server needs one group per algorithm (an RSA and an ECDSA key, each followed by its certificate and intermediates).`,
    });
  }
  return { pairs, findings, verdicts: verdictsOf(settings.hostnames, findings, pairs) };
}

function lonelyKeysFinding(keys: Located[]): CertificateFinding {
  const [first, ...more] = keys;
  const others = more.length
    ? `, nor are ${more.length} more keys (${listSome(more.map((k) => where(k.path, k.block.line)), MAX_LISTED)})`
    : '';
  return {
    code: 'cert-chain-order',
    severity: 'error',
    target: 'key',
    path: first!.path,
    line: first!.block.line,
    message: `The private key at ${where(first!.path, first!.block.line)} is not followed by its certificate${others}. In smtpd_tls_chain_files each key must be directly followed by its certificate and intermediates; Postfix disables TLS.`,
  };
}

function evaluateGroup(keyItem: Located | undefined, certs: Located[], settings: Parameters<typeof evaluatePair>[3]): CertificateReport {
  const loaded = loadCertificates(certs);
  if (loaded.broken) return { certificates: loaded.certs.map((c) => c.info), findings: loaded.findings, verdicts: [] };
  const findings = [...loaded.findings];
  let key;
  if (keyItem) {
    const k = loadKeyOrFinding(keyItem.block, keyItem.path);
    if ('code' in k) findings.push(k);
    else key = k;
  } else {
    findings.push({ code: 'key-mismatch', severity: 'error', target: 'key', path: certs[0]!.path, line: certs[0]!.block.line, message: `No private key was found for the certificate at ${where(certs[0]!.path, certs[0]!.block.line)}: smtpd_tls_chain_files needs the key right before each certificate chain.` });
  }
  return evaluatePair(loaded.certs, key, findings, settings);
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
