// The extension's main (dist/extension.js): turns on Node's compile cache where the extension host's
// Node has one, then loads the client (dist/client.js, client.ts) with an ordinary require and hands
// it the activation.
//
// The client is a bundle of its own because Node caches only what it compiles after the cache is on:
// this file is compiled before. module.enableCompileCache() came with Node 22.1; VS Code releases
// whose extension host runs Node 20 (code-server 4.100 among them) simply load the client as it is.
// The cache is Node's: it checks the source and Node's version itself and writes to disk on exit.
// It is on for the whole extension host once turned on (modules other extensions load after this one
// are cached here too, as they would be with NODE_COMPILE_CACHE); when VS Code or another extension
// turned it on first, that folder stays in use.

import * as nodeModule from 'node:module';
import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';

type Client = typeof import('./client');
type EnableCompileCache = (directory?: string) => { status: number; message?: string; directory?: string };

let client: Client | undefined;

export function activate(context: ExtensionContext): void {
  enableCompileCache(path.join(context.globalStorageUri.fsPath, 'compile-cache'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  client = require('./client.js') as Client;
  client.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  return client?.deactivate();
}

/** Never stops the activation: without the cache the client only loads as it does on Node 20. */
function enableCompileCache(directory: string): void {
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return;
  try {
    enable(directory);
  } catch (e) {
    console.warn(`postfix-lens: Node's compile cache could not be turned on in ${directory}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
