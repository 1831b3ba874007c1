// "Postfix: Check DNS (MX, DANE, MTA-STS)" (postfixLens.checkDns). Has the language server run the
// DNS check of the open main.cf (or the one a code lens passes as its URI) with a cancellable
// progress notification; the findings arrive as the document's diagnostics, and the report opens in
// a webview. Returns the report, or undefined when nothing was checked.

import { commands, Uri, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DnsCheckRequest, type DnsCheckReport } from '../../server/src/protocol';
import { dnsSummary } from '../../server/src/core/dns/report-html';
import { findConfigDocument } from './config-document';
import type { DnsView } from './dns-view';
import { trustedOrWarn, withProgress } from './live-request';

export const DNS_COMMAND = 'postfixLens.checkDns';

/** A code lens passes the document's URI (a string); a task may pass a Uri. */
function asUri(arg: unknown): Uri | undefined {
  if (arg instanceof Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function registerDnsCommand(client: LanguageClient, view: DnsView) {
  return commands.registerCommand(DNS_COMMAND, async (arg?: unknown): Promise<DnsCheckReport | undefined> => {
    if (!trustedOrWarn('postfix-lens sends no DNS query')) return undefined;
    const uri = asUri(arg) ?? (await findConfigDocument());
    if (!uri) {
      void window.showInformationMessage('Open a main.cf to check the DNS records of its domains.');
      return undefined;
    }
    const report = await withProgress('Checking DNS (MX, DANE, MTA-STS)…', (token) => client.sendRequest(DnsCheckRequest.type, { uri: uri.toString() }, token), {
      untrustedCode: DnsCheckRequest.UNTRUSTED_ERROR,
      what: 'check DNS',
      cancelled: () => 'The DNS check was cancelled.',
    });
    if (report === undefined) return undefined;
    if (!report) {
      void window.showInformationMessage('The DNS check runs on a main.cf or master.cf.');
      return undefined;
    }
    view.show(report);
    // The summary is our own words with numbers and the resolver's address (validated setting).
    void window.setStatusBarMessage(dnsSummary(report), 10_000);
    return report;
  });
}
