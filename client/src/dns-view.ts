// The DNS check's report in a webview (report-panel.ts), built by the core's dnsReportHtml().

import { dnsReportHtml } from '../../server/src/core/dns/report-html';
import type { DnsCheckReport } from '../../server/src/protocol';
import { ReportPanel } from './report-panel';

export const DNS_VIEW_TYPE = 'postfixLens.dnsReport';

export class DnsView extends ReportPanel {
  constructor() {
    super(DNS_VIEW_TYPE, true);
  }

  show(report: DnsCheckReport): void {
    this.render('DNS check', (nonce) => dnsReportHtml(report, { nonce }));
  }
}
