// postfixLens/dnsCheck: the DNS check (io/dns/dns-check.ts, the same run as `postfix-lens dns`) for
// the pair a main.cf or master.cf belongs to, run here in the language server, never in an
// untrusted workspace, and only when asked: by the request (the client's command and code lens), or,
// with postfixLens.dns.enabled, on opening main.cf and after a change of the port-25 certificate.
//
// Its findings join the pair's diagnostics, placed by core/dns/finding-place.ts: those about the
// port-25 certificate on the setting that names it, the others on the value of the parameter their
// domain comes from. They are the last run's, kept until the next run, and placed again against
// every new analysis, so an edit that moves a line moves them with it. A finding is dropped when what
// it judged is no longer in the configuration: all of them when the port-25 service names other
// certificate files than the run compared (the run judged files no longer used), one whose domain
// is no longer checked. A cancelled run changes nothing. Untrusted or closed: they go.
//
// One DnsCache lives as long as the server: a second run within the records' TTL asks nothing again.

import { performance } from 'node:perf_hooks';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { domainReport } from '../core/dns/dns-report';
import { placeDnsFinding } from '../core/dns/finding-place';
import { port25Targets } from '../core/dns/port25';
import { parseResolverAddress } from '../core/dns/resolver-address';
import { DnsCache } from '../core/dns/ttl-cache';
import { formatResolver } from '../core/dns/types';
import type { Installation } from '../core/config/defaults';
import { tlsaFindingsOf, type TlsaFindings } from '../core/hover/tlsa-hover';
import type { DnsFinding } from '../core/rules/dns/evidence';
import type { CertificateTarget } from '../core/tls/config-targets';
import type { Finding } from '../core/types';
import { applySeverities } from '../core/validate';
import { domainsToCheck, runDnsCheck } from '../io/dns/dns-check';
import { DnsCheckRequest, type DnsCheckReport } from '../protocol';
import type { Settings } from './settings';
import { UNTRUSTED_DNS_MESSAGE } from './trust';
import type { ConfigWorkspace, PairResult } from './workspace';

/** The whole run, all lookups together (as `postfix-lens dns` without --timeout). */
export const DNS_DEADLINE_MS = 15_000;
/** With postfixLens.dns.enabled: the pause after a certificate change before the check runs again. */
export const DNS_AUTO_DEBOUNCE_MS = 1500;

interface StoredRun {
  /** The port-25 certificate files the run compared (see certificateKey). */
  certificates: string;
  findings: DnsFinding[];
  tlsa: TlsaFindings;
  /** A watched certificate file changed since the run. */
  filesChanged: boolean;
}

export interface DnsCheckDeps {
  workspace: ConfigWorkspace;
  settings: () => Settings;
  installation: () => Installation;
  trusted: () => boolean;
  /** Publish the pair's diagnostics again (the DNS findings changed). */
  republish: (uri: string) => void;
  log: (message: string) => void;
}

/** The port-25 service's certificate targets of the pair's analysis. */
export function port25Of(workspace: ConfigWorkspace, r: PairResult): CertificateTarget[] {
  return port25Targets(r.analysis, workspace.certificateTargets(r).targets);
}

function certificateKey(targets: readonly CertificateTarget[]): string {
  return targets.map((t) => [t.kind, t.certPath ?? '', t.keyPath ?? '', ...(t.chainPaths ?? [])].join('\0')).join('\n');
}

export class DnsChecks {
  readonly cache = new DnsCache({ now: () => performance.now() });
  /** Per pair (its main.cf URI). */
  private readonly runs = new Map<string, StoredRun>();
  private readonly inFlight = new Map<string, { controller: AbortController; auto: boolean }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: DnsCheckDeps) {}

  /** The request. Refused when untrusted; cancelled through the token (the lookups end at once). */
  register(connection: Connection): void {
    connection.onRequest(DnsCheckRequest.type, async (p, token) => {
      if (!this.deps.trusted()) throw new ResponseError(DnsCheckRequest.UNTRUSTED_ERROR, UNTRUSTED_DNS_MESSAGE);
      if (typeof p?.uri !== 'string') return null;
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      if (token.isCancellationRequested) controller.abort();
      try {
        const report = await this.run(p.uri, controller, false);
        if (controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The DNS check was cancelled.');
        return report;
      } finally {
        sub.dispose();
      }
    });
  }

  /**
   * One run for the pair of `uri`. A run asked for ends an automatic one under way; the report is
   * null for a document that is no configuration file, or a run cancelled before it ended.
   */
  async run(uri: string, controller: AbortController, auto: boolean): Promise<DnsCheckReport | null> {
    const r = this.deps.workspace.analyze(uri);
    if (!r) return null;
    const pair = r.mainUri;
    const before = this.inFlight.get(pair);
    if (before?.auto) before.controller.abort();
    this.inFlight.set(pair, { controller, auto });
    clearTimeout(this.timers.get(pair));
    this.timers.delete(pair);
    try {
      const s = this.deps.settings();
      const parsed = s['dns.resolver'] ? parseResolverAddress(s['dns.resolver']) : undefined;
      const resolver = parsed && 'value' in parsed ? parsed.value : undefined;
      const certificates = certificateKey(port25Of(this.deps.workspace, r));
      const t0 = performance.now();
      // A private CA trusted for the certificate checks is trusted for the MTA-STS policy host too.
      const extraCaPem = this.deps.trusted() ? await this.deps.workspace.extraCaPem(s) : undefined;
      const run = await runDnsCheck(r.analysis, this.deps.installation(), domainsToCheck(r.analysis, s['dns.domains']), {
        ...(resolver ? { resolver } : {}),
        domains: s['dns.domains'],
        hostnames: s.hostnames,
        deadlineMs: DNS_DEADLINE_MS,
        signal: controller.signal,
        cache: this.cache,
        ...(extraCaPem ? { extraCaPem } : {}),
      });
      if (controller.signal.aborted || !this.deps.trusted()) return null;
      const domains = run.facts.domains.map((d) => domainReport(d, run.facts));
      this.runs.set(pair, { certificates, findings: run.findings, tlsa: tlsaFindingsOf(domains, new Date()), filesChanged: false });
      this.deps.republish(uri);
      return {
        domains,
        diagnostics: run.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, domain: f.domain, host: f.host ?? null })),
        chains: run.facts.chains.map((c) => c.source),
        resolver: resolver ? formatResolver(resolver) : 'the system resolver (/etc/resolv.conf)',
        noAnswer: run.noAnswer,
        lookups: run.lookups,
        ms: performance.now() - t0,
      };
    } finally {
      if (this.inFlight.get(pair)?.controller === controller) this.inFlight.delete(pair);
    }
  }

  /** The last run's findings for the pair as it is now (see the top of this file), severities applied. */
  findingsFor(r: PairResult): Finding[] {
    const run = this.runs.get(r.mainUri);
    if (!run || !this.deps.trusted()) return [];
    const port25 = port25Of(this.deps.workspace, r);
    if (certificateKey(port25) !== run.certificates) return [];
    const s = this.deps.settings();
    const from = new Map(domainsToCheck(r.analysis, s['dns.domains']).map((d) => [d.domain, d.from]));
    const kept = run.findings.filter((f) => from.has(f.domain));
    return applySeverities(
      kept.map((f) => placeDnsFinding(r.analysis, f, from, port25[0]?.certAt)),
      s.severity,
    );
  }

  /** For hovers: the last run's TLSA records, while its findings stand. */
  tlsaFor(r: PairResult): { port25: CertificateTarget[]; findings: TlsaFindings } | undefined {
    const run = this.runs.get(r.mainUri);
    if (!run || !this.deps.trusted()) return undefined;
    const port25 = port25Of(this.deps.workspace, r);
    return certificateKey(port25) === run.certificates ? { port25, findings: run.tlsa } : undefined;
  }

  /**
   * With postfixLens.dns.enabled, after each analysis of a pair with main.cf open: a first run when
   * there is none, another (debounced) when the port-25 certificate settings or files changed.
   */
  afterAnalysis(r: PairResult, mainOpen: boolean): void {
    if (!this.deps.settings()['dns.enabled'] || !this.deps.trusted() || !mainOpen) return;
    const pair = r.mainUri;
    if (this.inFlight.has(pair) || this.timers.has(pair)) return;
    const run = this.runs.get(pair);
    if (run && !run.filesChanged && run.certificates === certificateKey(port25Of(this.deps.workspace, r))) return;
    const timer = setTimeout(() => {
      this.timers.delete(pair);
      this.run(pair, new AbortController(), true).catch((e) => this.deps.log(`postfix-lens: the DNS check failed: ${(e as Error)?.stack ?? e}`));
    }, run ? DNS_AUTO_DEBOUNCE_MS : 0);
    this.timers.set(pair, timer);
  }

  /** A watched certificate file of the pair changed (the diagnostics are published again next). */
  certificateFilesChanged(mainUri: string): void {
    const run = this.runs.get(mainUri);
    if (run) run.filesChanged = true;
  }

  /** Neither file of the pair is open any more: its findings and any pending run go. */
  closed(mainUri: string): void {
    this.runs.delete(mainUri);
    clearTimeout(this.timers.get(mainUri));
    this.timers.delete(mainUri);
    this.inFlight.get(mainUri)?.controller.abort();
  }

  /** The workspace is no longer trusted: every finding goes, every run ends. Returns the pairs that had findings. */
  clear(): string[] {
    const pairs = [...this.runs.keys()];
    this.runs.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const f of this.inFlight.values()) f.controller.abort();
    return pairs;
  }
}
