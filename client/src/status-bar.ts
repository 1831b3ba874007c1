// The status bar item for an open main.cf or master.cf: the worst server-certificate verdict in a
// word or two, as the server's postfixLens/certificateSummary words it, refreshed when the
// diagnostics change. Clicking it probes the live server.

import * as path from 'node:path';
import { languages, StatusBarAlignment, ThemeColor, window, type Disposable, type StatusBarItem, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { escapeLabel } from '../../server/src/core/escape';
import { CertificateSummaryRequest, type SummaryLevel } from '../../server/src/protocol';
import { isConfigDocument } from './config-document';
import { PROBE_COMMAND } from './probe-command';

const ICONS: Record<SummaryLevel, string> = { ok: '$(pass)', warning: '$(warning)', error: '$(error)', off: '$(circle-slash)', unknown: '$(question)' };
const BACKGROUNDS: Partial<Record<SummaryLevel, string>> = { error: 'statusBarItem.errorBackground', warning: 'statusBarItem.warningBackground' };

export class CertificateStatus implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {
    this.item = window.createStatusBarItem('postfixLens.certificate', StatusBarAlignment.Left, 50);
    this.item.name = 'Postfix Lens: certificate';
    this.item.command = { command: PROBE_COMMAND, title: 'Probe TLS of a mail server' };
    this.subscriptions.push(
      window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      languages.onDidChangeDiagnostics((e) => {
        const uri = this.current();
        if (uri && e.uris.some((u) => sameDirectory(u, uri))) this.schedule(100);
      }),
    );
    this.schedule(0);
  }

  private current(): Uri | undefined {
    const doc = window.activeTextEditor?.document;
    return isConfigDocument(doc) ? doc!.uri : undefined;
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const uri = this.current();
    const generation = ++this.generation;
    if (!uri) {
      this.item.hide();
      return;
    }
    const summary = await this.client.sendRequest(CertificateSummaryRequest.type, { uri: uri.toString() }).catch(() => null);
    if (generation !== this.generation) return; // a newer refresh is on its way
    if (!summary) {
      this.item.hide();
      return;
    }
    const level: SummaryLevel = summary.level in ICONS ? summary.level : 'unknown';
    // The text is the server's, about certificates: "$(" would start an icon, U+202E turn it around.
    this.item.text = `${ICONS[level]} ${escapeLabel(summary.text)}`;
    this.item.tooltip = summary.tooltip;
    const bg = BACKGROUNDS[level];
    this.item.backgroundColor = bg ? new ThemeColor(bg) : undefined;
    this.item.accessibilityInformation = { label: `Postfix Lens certificate: ${summary.text}` };
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

function sameDirectory(a: Uri, b: Uri): boolean {
  return a.scheme === b.scheme && a.authority === b.authority && path.posix.dirname(a.path) === path.posix.dirname(b.path);
}
