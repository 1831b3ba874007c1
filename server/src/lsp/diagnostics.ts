// Diagnostics while the admin types: each change is analysed after a short pause (debounce), and the
// findings go to both files of the pair that are open (an edit of main.cf can change master.cf's).

import { performance } from 'node:perf_hooks';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { positionsOf, type ConfigWorkspace, type PairResult } from './workspace';
import type { Finding } from '../core/types';

export const DEBOUNCE_MS = 150;

/**
 * Warm-up: after the first diagnostics the server sends, it analyses that document again, in idle
 * moments, up to `runs` times and within `budgetMs`. Only for a document of up to `maxLines` lines
 * and a pair (the document and the file beside it) of up to `maxChars` characters (a line of
 * megabytes is one line), and it stops after a run that took more than `maxRunMs`: each run holds a
 * second analysis of the pair in memory, and a large file's analysis runs the code
 * often enough by itself, and a run must not hold up a request for long. Until V8 has compiled the
 * analysis with its optimising compiler, an edit costs two to four times as much.
 */
export const WARM_UP = { runs: 30, budgetMs: 150, maxLines: 5000, maxChars: 256 * 1024, maxRunMs: 20 };

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

  /** When set (initializationOptions.timing), each publish is followed by a postfixLens/timing notification. */
  reportTiming = false;

  async publishAsync(uri: string): Promise<void> {
    const cpu0 = this.reportTiming ? process.cpuUsage() : undefined;
    const t0 = performance.now();
    const r = this.workspace.analyze(uri);
    if (!r) return;
    const t1 = performance.now();
    if (!this.warmUpStarted) {
      this.warmUpStarted = true;
      const chars = r.analysis.main.index.text.length + (r.analysis.master?.index.text.length ?? 0);
      if ((this.documents.get(uri)?.lineCount ?? Infinity) <= WARM_UP.maxLines && chars <= WARM_UP.maxChars) setImmediate(() => this.warmUp(uri));
    }
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
    const all = [...r.findings, ...certFindings];
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
      void this.connection.sendNotification('postfixLens/timing', {
        uri,
        version: this.documents.get(uri)?.version,
        analysisMs: t1 - t0,
        certificatesMs: t2 - t1,
        totalMs: t3 - t0,
        // CPU time of the whole process meanwhile (every thread: garbage collection included), which,
        // unlike the wall-clock figures, other processes on a busy machine do not inflate.
        cpuMs: cpuMs(process.cpuUsage(cpu0)),
        // Reads and analyses the certificate cache answered (hits) or had to do (misses), so far.
        certificateCache: { ...this.workspace.certificates.counters },
      });
    }
  }

  private warmUpStarted = false;

  /**
   * The first document's analysis, run again and thrown away (see WARM_UP), one run per turn of
   * the event loop, so that requests and edits wait for one run at most. It stops when the document
   * is closed.
   */
  private warmUp(uri: string, runs = 0, spentMs = 0): void {
    let stop: string | undefined;
    if (runs >= WARM_UP.runs || spentMs >= WARM_UP.budgetMs || !this.documents.get(uri)) stop = `${spentMs.toFixed(0)} ms`;
    else {
      const t = performance.now();
      try {
        const r = this.workspace.analyzeAfresh(uri);
        if (!r) return;
        for (const f of r.findings) toDiagnostic(f, positionsOf(r, f.file ?? 'main.cf'));
      } catch (e) {
        this.connection.console.error(`postfix-lens: warm-up stopped: ${(e as Error)?.stack ?? e}`);
        return;
      }
      const took = performance.now() - t;
      runs++;
      spentMs += took;
      if (took > WARM_UP.maxRunMs) stop = 'stopped after a slow run';
    }
    if (stop === undefined) setImmediate(() => this.warmUp(uri, runs, spentMs));
    else if (runs > 0) this.connection.console.log(`postfix-lens: analysis warmed up (${runs} runs, ${stop})`);
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
