// The probe report in a webview (report-panel.ts), built by the core's probeReportHtml(); the TLS
// versions and suites of `postfixLens.probeProtocols` in the same panel (protocolsReportHtml()).

import { probeReportHtml } from '../../server/src/core/probe/html-report';
import { protocolsReportHtml } from '../../server/src/core/probe/protocols-html';
import { escapeLabel } from '../../server/src/core/escape';
import type { ProbeReport, ProtocolsReport } from '../../server/src/protocol';
import { ReportPanel } from './report-panel';

export const PROBE_VIEW_TYPE = 'postfixLens.probeReport';

export class ProbeView extends ReportPanel {
  constructor() {
    super(PROBE_VIEW_TYPE, false);
  }

  show(report: ProbeReport): void {
    const host = report.host.includes(':') ? `[${report.host}]` : report.host;
    this.render(`Probe: ${host}:${report.port}`, (nonce) => probeReportHtml(report, { nonce, now: new Date() }));
  }

  /** The TLS versions and suites a server accepts (postfixLens.probeProtocols). */
  showProtocols(report: ProtocolsReport): void {
    const host = report.host.includes(':') ? `[${report.host}]` : report.host;
    // The host comes from a typed target or a configuration: a label VS Code shows.
    this.render(escapeLabel(`TLS versions: ${host}:${report.port}`), (nonce) => protocolsReportHtml(report, { nonce }));
  }
}
