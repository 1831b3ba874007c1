// The VS Code side: start the postfix-lens language server for main.cf and master.cf, pass it the
// settings and the workspace trust, register the commands and show what the server computed:
// the probe report, the DNS report, the status bar verdict. Logic lives in the server and its core.
// Bundled as dist/client.js, which dist/extension.js (extension.ts) loads once Node's compile cache is on.

import * as path from 'node:path';
import { window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TrustNotification, type InitializationOptions } from '../../server/src/protocol';
import { registerCsrCommand } from './csr-command';
import { registerDnsCommand } from './dns-command';
import { DnsView } from './dns-view';
import { registerProbeCommand } from './probe-command';
import { registerProbeProtocolsCommand } from './probe-protocols-command';
import { ProbeView } from './probe-view';
import { SERVER_ENV, SERVER_EXEC_ARGV } from './server-process';
import { CertificateStatus } from './status-bar';

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): void {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // Node flags and malloc settings for a small working set (server-process.ts says why).
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV], env: { ...process.env, ...SERVER_ENV } } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { settings: workspace.getConfiguration('postfixLens'), trusted: workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'postfix-main-cf' },
      { language: 'postfix-master-cf' },
    ],
    synchronize: { configurationSection: 'postfixLens' },
    initializationOptions,
  };
  client = new LanguageClient('postfixLens', 'Postfix Lens', serverOptions, clientOptions);
  const c = client;
  const view = new ProbeView();
  const dnsView = new DnsView();
  const output = window.createOutputChannel('Postfix Lens Probe');
  context.subscriptions.push(
    client,
    view,
    output,
    registerProbeCommand(c, view, output),
    registerProbeProtocolsCommand(c, view),
    registerCsrCommand(c),
    dnsView,
    registerDnsCommand(c, dnsView),
    workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification(TrustNotification.type, { trusted: true })),
  );
  context.subscriptions.push(new CertificateStatus(c));
  // Activation does not wait for the server to start (VS Code counts that time as the extension's);
  // requests sent meanwhile wait for it, and a failed start is shown by the client itself.
  client.start().catch((e: unknown) => output.appendLine(`The language server did not start: ${e instanceof Error ? e.message : String(e)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
