// "Postfix: Check DNS (MX, DANE, MTA-STS)" (postfixLens.checkDns). Has the language server run the
// DNS check of the open main.cf (or the one a code lens passes as its URI) with a cancellable
// progress notification; the findings arrive as the document's diagnostics, and the report opens in
// a webview. Returns the report, or undefined when nothing was checked.

import { commands, ProgressLocation, Uri, window, workspace } from 'vscode';
import { LSPErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { DnsCheckRequest, type DnsCheckReport } from '../../server/src/protocol';
import { dnsSummary } from '../../server/src/core/dns/report-html';
import { findConfigDocument } from './config-document';
import type { DnsView } from './dns-view';

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
    if (!workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      void window.showWarningMessage('postfix-lens sends no DNS query in an untrusted workspace.', manage).then((c) => c === manage && commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    const uri = asUri(arg) ?? (await findConfigDocument());
    if (!uri) {
      void window.showInformationMessage('Open a main.cf to check the DNS records of its domains.');
      return undefined;
    }
    let report: DnsCheckReport | null;
    try {
      report = await window.withProgress(
        { location: ProgressLocation.Notification, title: 'Checking DNS (MX, DANE, MTA-STS)…', cancellable: true },
        (_progress, token) => client.sendRequest(DnsCheckRequest.type, { uri: uri.toString() }, token),
      );
    } catch (e) {
      if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) {
        void window.showInformationMessage('The DNS check was cancelled.');
        return undefined;
      }
      if (e instanceof ResponseError && e.code === DnsCheckRequest.UNTRUSTED_ERROR) {
        void window.showWarningMessage(e.message);
        return undefined;
      }
      // The client maps a cancelled request to VS Code's CancellationError in some versions.
      if (e instanceof Error && e.name === 'Canceled') return undefined;
      void window.showErrorMessage(`postfix-lens could not check DNS: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
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
