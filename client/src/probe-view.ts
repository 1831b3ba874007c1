// The probe report in a webview: one panel, reused for each probe. The page is built by the core's
// probeReportHtml() (no script, a strict Content-Security-Policy, every value escaped); the
// webview itself is locked down too: no scripts, forms, command links or local resources.

import { randomBytes } from 'node:crypto';
import { ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';
import { probeReportHtml } from '../../server/src/core/probe/html-report';
import { protocolsReportHtml } from '../../server/src/core/probe/protocols-html';
import type { ProbeReport, ProtocolsReport } from '../../server/src/protocol';
import { escapeLabel } from '../../server/src/core/escape';

export const PROBE_VIEW_TYPE = 'postfixLens.probeReport';

function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');
}

export class ProbeView implements Disposable {
  private panel: WebviewPanel | undefined;

  show(report: ProbeReport): void {
    const host = report.host.includes(':') ? `[${report.host}]` : report.host;
    this.render(`Probe: ${host}:${report.port}`, probeReportHtml(report, { nonce: nonce(), now: new Date() }));
  }

  /** The TLS versions and suites a server accepts (postfixLens.probeProtocols), in the same panel. */
  showProtocols(report: ProtocolsReport): void {
    const host = report.host.includes(':') ? `[${report.host}]` : report.host;
    this.render(`TLS versions: ${host}:${report.port}`, protocolsReportHtml(report, { nonce: nonce() }));
  }

  private render(label: string, html: string): void {
    const title = escapeLabel(label); // the host comes from a typed target or a configuration
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
    this.panel.webview.html = html;
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
