// Diagnostics while the admin types: each change is analysed after a short pause (debounce), and the
// findings go to both files of the pair that are open (an edit of main.cf can change master.cf's).

import { performance } from 'node:perf_hooks';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { positionsOf, type ConfigWorkspace, type PairResult } from './workspace';
import type { Finding } from '../core/types';
import { TimingNotification } from '../protocol';

export const DEBOUNCE_MS = 150;

export class DiagnosticsPublisher {
  /** Pending publishes: `immediate` when asked for without debounce (an open, a settings change). */
  private timers = new Map<string, { timer: NodeJS.Timeout; immediate: boolean }>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: ConfigWorkspace,
    /**
     * Called with the pair before its certificate files are read (file watching: a file that
     * changes after this is noticed, so the diagnostics sent never miss a change).
     */
    private readonly beforeCertificateChecks?: (r: PairResult) => void | Promise<void>,
  ) {}

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    const t = this.timers.get(uri);
    // A publish due at once reads the newest text when it runs: a debounced request meanwhile must
    // not put it off (TextDocuments reports every open as a change too, which would delay the
    // first diagnostics of a document by the debounce).
    if (t?.immediate && delay > 0) return;
    if (t) clearTimeout(t.timer);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.publish(uri);
    }, delay);
    this.timers.set(uri, { timer, immediate: delay <= 0 });
  }

  publishAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri, 0);
  }

  /**
   * Configuration findings are computed at once; certificate findings need file reads, which the
   * cache answers without I/O when nothing changed. Both are sent together, unless the document
   * changed meanwhile (then a newer run is already scheduled).
   */
  publish(uri: string): void {
    void this.publishAsync(uri).catch((e) => this.connection.console.error(`postfix-lens: diagnostics for ${uri} failed: ${(e as Error)?.stack ?? e}`));
  }

  /** When set (initializationOptions.timing), each publish is followed by a TimingNotification. */
  reportTiming = false;

  /** Findings from elsewhere for the pair as analysed now (the last DNS check's: lsp/dns-check.ts). */
  moreFindings: (r: PairResult) => Finding[] = () => [];

  async publishAsync(uri: string): Promise<void> {
    const cpu0 = this.reportTiming ? process.cpuUsage() : undefined;
    const t0 = performance.now();
    const r = this.workspace.analyze(uri);
    if (!r) return;
    const t1 = performance.now();
    const versions = [r.mainUri, r.masterUri].map((u) => this.documents.get(u)?.version);
    if (this.beforeCertificateChecks) {
      try {
        await this.beforeCertificateChecks(r);
      } catch (e) {
        this.connection.console.error(`postfix-lens: before certificate checks: ${(e as Error)?.stack ?? e}`);
      }
    }
    let certFindings: Finding[] = [];
    try {
      certFindings = await this.workspace.certificateFindings(r);
    } catch (e) {
      this.connection.console.error(`postfix-lens: certificate checks failed: ${(e as Error)?.stack ?? e}`);
    }
    if ([r.mainUri, r.masterUri].some((u, i) => this.documents.get(u)?.version !== versions[i])) return;
    const t2 = performance.now();
    let more: Finding[] = [];
    try {
      more = this.moreFindings(r);
    } catch (e) {
      this.connection.console.error(`postfix-lens: DNS findings failed: ${(e as Error)?.stack ?? e}`);
    }
    const all = [...r.findings, ...certFindings, ...more];
    for (const [docUri, file] of [
      [r.mainUri, 'main.cf'],
      [r.masterUri, 'master.cf'],
    ] as const) {
      const doc = this.documents.get(docUri);
      if (!doc) continue;
      const positions = positionsOf(r, file);
      const diagnostics = all.filter((f) => (f.file ?? 'main.cf') === file).map((f) => toDiagnostic(f, positions));
      void this.connection.sendDiagnostics({ uri: docUri, version: doc.version, diagnostics });
    }
    if (this.reportTiming) {
      const t3 = performance.now();
      void this.connection.sendNotification(TimingNotification.type, {
        uri,
        version: this.documents.get(uri)?.version,
        analysisMs: t1 - t0,
        certificatesMs: t2 - t1,
        totalMs: t3 - t0,
        cpuMs: cpuMs(process.cpuUsage(cpu0)),
        analyses: this.workspace.analyses,
        certificateCache: { ...this.workspace.certificates.counters },
      });
    }
  }

  clear(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t.timer);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}
