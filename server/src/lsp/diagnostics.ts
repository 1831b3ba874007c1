// Diagnostics while the admin types: each change is analysed after a short pause (debounce), and the
// findings go to both files of the pair that are open (an edit of main.cf can change master.cf's).

import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import type { ConfigWorkspace } from './workspace';

export const DEBOUNCE_MS = 150;

export class DiagnosticsPublisher {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: ConfigWorkspace,
  ) {}

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  publishAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri, 0);
  }

  publish(uri: string): void {
    try {
      const r = this.workspace.analyze(uri);
      if (!r) return;
      for (const [docUri, file] of [
        [r.mainUri, 'main.cf'],
        [r.masterUri, 'master.cf'],
      ] as const) {
        const doc = this.documents.get(docUri);
        if (!doc) continue;
        const diagnostics = r.findings.filter((f) => (f.file ?? 'main.cf') === file).map(toDiagnostic);
        void this.connection.sendDiagnostics({ uri: docUri, version: doc.version, diagnostics });
      }
    } catch (e) {
      this.connection.console.error(`postfix-lens: diagnostics for ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  clear(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
