// The certificate checks of a configuration: read the files the configuration names (safely, with
// the cache, so an edit that does not touch a certificate reads nothing again), analyse them with
// the pure core, and report each finding on the main.cf line or master.cf -o that names the file.
// What reading found (a file missing or unreadable, settings left unread) is evidence for the
// certificate rules like the rest (core/rules/certificates/); nothing here decides a code.

import * as tls from 'node:tls';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding, Severity } from '../core/types';
import type { ConfigAnalysis } from '../core/analysis';
import { certificateTargets, type CertificateTarget, type Location } from '../core/tls/config-targets';
import { analyzeCertificate, type CertificateReport, type SourceFile } from '../core/tls/analyze';
import { analyzeChainFiles, type ChainFilesReport } from '../core/tls/chain-files';
import type { CertificateFinding } from '../core/tls/findings';
import { CertificateCache } from './certificate-cache';
import type { ReadResult } from './read-file-safely';
import { FindingSelection } from '../core/rules/finding-limits';
import { judgeCertificate, judgeSetting } from '../core/rules/certificates/judge';
import type { SettingEvidence } from '../core/rules/certificates/setting-evidence';

export type CertificateTargets = ReturnType<typeof certificateTargets>;

/** certificateTargets(), once per analysis and host names (the language server asks several times per edit). */
const targetsMemo = new WeakMap<ConfigAnalysis, { hostnames: readonly string[]; value: CertificateTargets }>();

export function certificateTargetsOf(a: ConfigAnalysis, hostnames: readonly string[]): CertificateTargets {
  const hit = targetsMemo.get(a);
  if (hit && sameList(hit.hostnames, hostnames)) return hit.value;
  const value = certificateTargets(a, hostnames);
  targetsMemo.set(a, { hostnames: [...hostnames], value });
  return value;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The trust store with the extra CAs, and a digest of those, for the last extra CAs seen. */
let rootsMemo: { extraCa: readonly string[]; roots: readonly string[]; digest: string } | undefined;

function rootsWith(extraCa: readonly string[]): { roots: readonly string[]; digest: string } {
  if (rootsMemo && sameList(rootsMemo.extraCa, extraCa)) return rootsMemo;
  rootsMemo = { extraCa: [...extraCa], roots: [...tls.rootCertificates, ...extraCa], digest: createHash('sha256').update(extraCa.join('\n')).digest('hex') };
  return rootsMemo;
}

export interface CertificateCheckOptions {
  /** certificateTargets(a, hostnames) when the caller has it already. */
  targets?: CertificateTargets;
  /** Names clients connect to, besides $myhostname (postfixLens.hostnames, --hostname). */
  hostnames: readonly string[];
  /** Contents of extra CA files (postfixLens.extraCaFile, --ca-file), PEM. */
  extraCa: readonly string[];
  now: Date;
  expiryWarningDays: number;
  cache: CertificateCache;
}

export interface CheckedTarget {
  target: CertificateTarget;
  report?: CertificateReport | ChainFilesReport;
  /** Read failures, by path. */
  failures: { path: string; result: ReadResult & { ok: false } }[];
  /** Left unread: the check had read as many files or bytes as it reads (cert-not-checked). */
  notChecked?: boolean;
}

export interface CertificateCheckResult {
  findings: Finding[];
  checked: CheckedTarget[];
}

function finding(code: string, severity: Severity, message: string, at: Location): Finding {
  return { code, severity, message, range: at.range, name: at.param, file: at.file, ...(at.service ? { service: at.service } : {}) };
}

/** Where a finding of a setting's files goes: the key's setting for the key file, else the certificate's. */
function placeOf(f: CertificateFinding, t: CertificateTarget): Location {
  return f.target === 'key' && t.keyAt ? t.keyAt : t.certAt;
}

const severityOf = (f: CertificateFinding) => f.severity as Severity;

/**
 * What one check reads at most. A real configuration names a handful of certificate and key files of
 * a few KiB each (a chain with its key: 5 to 10 KiB), a dozen with per-service certificates. A file
 * may hold up to 1 MiB (read-file-safely.ts), and settings of master.cf can name a different one for
 * each of thousands of services: past these, no further setting is read, and one cert-not-checked
 * finding says where reading stopped and how much was left.
 */
export const MAX_FILES_PER_CHECK = 64;
export const MAX_BYTES_PER_CHECK = 8 * 1024 * 1024;

/** The files one check has read (each path once, one at a time) and the bytes it has held and analysed. */
class CheckReads {
  private readonly results = new Map<string, ReadResult>();
  private readonly held = new Set<Uint8Array>();
  private heldBytes = 0;
  /** Bytes handed to analyses that ran (a result from the cache costs nothing). */
  analysedBytes = 0;

  constructor(private readonly cache: CertificateCache) {}

  /** Whether a setting that needs these files may still be read. */
  allows(paths: readonly string[]): boolean {
    if (this.heldBytes >= MAX_BYTES_PER_CHECK || this.analysedBytes >= MAX_BYTES_PER_CHECK) return false;
    let fresh = 0;
    for (const p of new Set(paths)) if (!this.results.has(p)) fresh++;
    return fresh === 0 || this.results.size + fresh <= MAX_FILES_PER_CHECK;
  }

  /** What stopped the reading, for the finding. */
  limitReached(): string {
    if (this.heldBytes >= MAX_BYTES_PER_CHECK || this.analysedBytes >= MAX_BYTES_PER_CHECK) return `${MAX_BYTES_PER_CHECK / 1024 / 1024} MiB of certificate files`;
    return `${this.results.size} certificate files`;
  }

  async read(path: string): Promise<ReadResult> {
    let r = this.results.get(path);
    if (!r) {
      r = await this.cache.read(path);
      this.results.set(path, r);
      if (r.ok && !this.held.has(r.bytes)) {
        this.held.add(r.bytes);
        this.heldBytes += r.bytes.byteLength;
      }
    }
    return r;
  }
}

function pathsOf(t: CertificateTarget): string[] {
  return t.kind === 'chain' ? (t.chainPaths ?? []) : [t.certPath!, ...(t.keyPath ? [t.keyPath] : [])];
}

async function checkTarget(t: CertificateTarget, roots: readonly string[], o: CertificateCheckOptions, context: string, reads: CheckReads): Promise<CheckedTarget> {
  const paths = pathsOf(t);
  const files: ReadResult[] = [];
  for (const p of paths) files.push(await reads.read(p));
  // Analyse only when a file or the context changed.
  const c = o.cache.computeFrom(paths, files, `${context}|${t.role}|${t.hostnames.join(',')}`, (results): CheckedTarget => {
    for (const r of results) if (r.ok) reads.analysedBytes += r.bytes.byteLength;
    const failures: CheckedTarget['failures'] = [];
    results.forEach((r, i) => {
      if (!r.ok) failures.push({ path: paths[i]!, result: r });
    });
    const common = { role: t.role, hostnames: t.hostnames, roots, now: o.now, expiryWarningDays: o.expiryWarningDays };
    if (t.kind === 'chain') {
      const files: SourceFile[] = [];
      results.forEach((r, i) => {
        if (r.ok) files.push({ path: paths[i]!, bytes: r.bytes });
      });
      return { target: t, failures, report: files.length ? analyzeChainFiles({ files, ...common }) : undefined };
    }
    const cert = results[0]!;
    if (!cert.ok) return { target: t, failures };
    const key = t.keyPath ? results[1]! : undefined;
    const report = analyzeCertificate({
      certFile: { path: t.certPath!, bytes: cert.bytes },
      keyFile: key?.ok ? { path: t.keyPath!, bytes: key.bytes } : undefined,
      keyUnavailable: key !== undefined && !key.ok,
      ...common,
    });
    return { target: t, report, failures };
  });
  // A result computed for another setting naming the same files: this one's place.
  return c.target === t ? c : { ...c, target: t };
}

/** A fullchain.pem next to the certificate file, holding more than one certificate, or undefined. */
async function fullchainBeside(certPath: string, reads: CheckReads): Promise<string | undefined> {
  const candidate = path.join(path.dirname(certPath), 'fullchain.pem');
  if (candidate === certPath || !reads.allows([candidate])) return undefined;
  const r = await reads.read(candidate);
  if (!r.ok) return undefined;
  const text = Buffer.from(r.bytes).toString('latin1');
  return (text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length >= 2 ? candidate : undefined;
}

/** Run every certificate check the configuration calls for. Never throws. */
export async function checkCertificates(a: ConfigAnalysis, o: CertificateCheckOptions): Promise<CertificateCheckResult> {
  const { targets, settings } = o.targets ?? certificateTargets(a, o.hostnames);
  const { roots, digest } = rootsWith(o.extraCa);
  // What else the analysis depends on: the extra CAs, the hour (validity), the expiry window.
  const context = JSON.stringify([digest, Math.floor(o.now.getTime() / 3_600_000), o.expiryWarningDays]);
  // Findings are listed at most MAX_FINDINGS_PER_CODE to a code and file, as the configuration's are:
  // thousands of services naming a missing file are one mistake.
  const findings = new FindingSelection();
  for (const e of settings) for (const n of judgeSetting(e)) findings.offer(finding(n.code, n.severity, n.message, n.at), undefined);
  const checked: CheckedTarget[] = [];
  const reads = new CheckReads(o.cache);
  const skipped: CertificateTarget[] = [];
  for (const t of targets) {
    if (skipped.length || !reads.allows(pathsOf(t))) {
      skipped.push(t);
      checked.push({ target: t, failures: [], notChecked: true });
      continue;
    }
    let c: CheckedTarget;
    try {
      c = await checkTarget(t, roots, o, context, reads);
    } catch (e) {
      for (const f of judgeCertificate({ kind: 'analysis-failed', stage: 'setting', path: t.certPath ?? t.chainPaths?.[0] ?? '', error: (e as Error).message })) {
        findings.offer(finding(f.code, severityOf(f), f.message, t.certAt), undefined);
      }
      continue;
    }
    checked.push(c);
    for (const fail of c.failures) {
      const file: 'cert' | 'key' = fail.path === t.keyPath ? 'key' : 'cert';
      const setting = (file === 'key' ? (t.keyAt ?? t.certAt) : t.certAt).param;
      const evidence = { kind: 'read-failed' as const, file, path: fail.path, setting, role: t.role, reason: fail.result.reason, message: fail.result.message };
      for (const f of judgeCertificate(evidence)) findings.offer(finding(f.code, severityOf(f), f.message, placeOf(f, t)), undefined);
    }
    if (!c.report) continue;
    const all = 'pairs' in c.report ? [...c.report.findings, ...c.report.pairs.flatMap((p) => p.findings)] : c.report.findings;
    const seen = new Set<string>();
    for (const f of all) {
      const at = placeOf(f, t);
      const key = `${f.code}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const out = finding(f.code, severityOf(f), f.message, at);
      if (f.code === 'cert-chain-incomplete' && t.certPath) {
        // The cert.pem-instead-of-fullchain.pem mistake: offer the file that has the chain.
        const sibling = await fullchainBeside(t.certPath, reads);
        if (sibling) {
          out.message += ` ${sibling} is in the same directory: use it instead.`;
          out.data = { replacement: sibling, param: at.param };
        }
      }
      findings.offer(out, undefined);
    }
  }
  if (skipped.length) for (const n of judgeSetting(leftUnread(skipped, reads.limitReached()))) findings.offer(finding(n.code, n.severity, n.message, n.at), undefined);
  return { findings: findings.listed(), checked };
}

/** The settings left unread, on the first of them. */
function leftUnread(skipped: readonly CertificateTarget[], limit: string): SettingEvidence {
  const settings = new Set(skipped.map((t) => `${t.certAt.file}\0${t.certAt.range.start.line}\0${t.certAt.range.start.character}`)).size;
  const files = new Set(skipped.flatMap(pathsOf)).size;
  return { kind: 'left-unread', limit, settings, files, at: skipped[0]!.certAt };
}

export { CertificateCache };
