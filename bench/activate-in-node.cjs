// One activation of a VS Code extension's main in plain Node, as the extension host would do it:
// 'vscode' is the stand-in of test/client/fixtures/vscode-stub.cjs, the Node modules an extension
// host has loaded anyway are loaded first (they are not the extension's cost), and the context is a
// minimal one. Prints one JSON line: the wall and CPU time of require(MAIN) and of activate()'s
// synchronous part (what VS Code counts as code loading and the activate call).
// Usage: node bench/activate-in-node.cjs MAIN EXTENSION_DIR STORAGE
'use strict';
const Module = require('node:module');
const path = require('node:path');

const [main, extDir, storage] = process.argv.slice(2).map((a) => path.resolve(a));
const stub = path.join(__dirname, '..', 'test', 'client', 'fixtures', 'vscode-stub.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
};
require(stub);
for (const m of ['child_process', 'crypto', 'events', 'fs', 'net', 'os', 'path', 'stream', 'url', 'util']) require(`node:${m}`);

const context = {
  subscriptions: [],
  extensionPath: extDir,
  extensionUri: { fsPath: extDir, scheme: 'file', path: extDir },
  asAbsolutePath: (p) => path.join(extDir, p),
  globalStorageUri: { fsPath: storage, scheme: 'file', path: storage },
};
const ms = (c) => (c.user + c.system) / 1000;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(main);
const t1 = performance.now();
const cpu1 = process.cpuUsage(cpu0);
let result;
try {
  result = ext.activate(context);
} catch (e) {
  console.error(`activate() threw: ${e instanceof Error ? e.message : e}`);
}
const t2 = performance.now();
const cpu2 = process.cpuUsage(cpu0);
Promise.resolve(result).catch(() => {}); // an activation that goes on without VS Code is no concern here
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, loadCpuMs: ms(cpu1), activateCpuMs: ms(cpu2) - ms(cpu1) }) + '\n');
process.exit(0); // Node writes its compile cache, if on, as the process exits
