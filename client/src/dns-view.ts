// The DNS check's report in a webview: one panel, reused for each check, locked down as the probe's
// (probe-view.ts): no scripts, forms, command links or local resources. The page is built by the
// core's dnsReportHtml() (no script, a strict Content-Security-Policy, every value escaped).

import { randomBytes } from 'node:crypto';
import { ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';
import { dnsReportHtml } from '../../server/src/core/dns/report-html';
import type { DnsCheckReport } from '../../server/src/protocol';

export const DNS_VIEW_TYPE = 'postfixLens.dnsReport';

export class DnsView implements Disposable {
  private panel: WebviewPanel | undefined;

  show(report: DnsCheckReport): void {
    const title = 'DNS check';
    if (!this.panel) {
      this.panel = window.createWebviewPanel(DNS_VIEW_TYPE, title, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.webview.html = dnsReportHtml(report, { nonce: randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, 'x') });
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
