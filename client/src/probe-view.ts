// The probe report in a webview: one panel, reused for each probe. The page is built by the core's
// probeReportHtml() (no script, a strict Content-Security-Policy, every value escaped); the
// webview itself is locked down too: no scripts, forms, command links or local resources.

import { randomBytes } from 'node:crypto';
import { ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';
import { probeReportHtml } from '../../server/src/core/probe/html-report';
import type { ProbeReport } from '../../server/src/protocol';

export const PROBE_VIEW_TYPE = 'postfixLens.probeReport';

export class ProbeView implements Disposable {
  private panel: WebviewPanel | undefined;

  show(report: ProbeReport): void {
    const host = report.host.includes(':') ? `[${report.host}]` : report.host;
    const title = `Probe: ${host}:${report.port}`;
    if (!this.panel) {
      this.panel = window.createWebviewPanel(PROBE_VIEW_TYPE, title, { viewColumn: ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    this.panel.webview.html = probeReportHtml(report, { nonce: randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, 'x'), now: new Date() });
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
