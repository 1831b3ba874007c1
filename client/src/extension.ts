// The VS Code side: start the postfix-lens language server for main.cf and master.cf and pass it the
// settings. Everything else (diagnostics, and what later features compute) happens in the server.

import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'postfix-main-cf' },
      { language: 'postfix-master-cf' },
    ],
    synchronize: { configurationSection: 'postfixLens' },
    initializationOptions: { settings: workspace.getConfiguration('postfixLens') },
  };
  client = new LanguageClient('postfixLens', 'Postfix Lens', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
