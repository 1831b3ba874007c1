// The probe report in a webview (report-panel.ts), built by the core's probeReportHtml().

import { probeReportHtml } from '../../server/src/core/probe/html-report';
import type { ProbeReport } from '../../server/src/protocol';
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
}
