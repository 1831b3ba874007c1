// The layers of ARCHITECTURE.md hold by themselves: ESLint (eslint.config.mjs) refuses an import that
// crosses one. Small texts are linted as if they stood at a path in each layer (they are never written),
// then the real tree is linted with the same rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);
const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId) });

/** The layer messages for `text` placed at `file` (relative to the repository). */
async function layerMessages(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  assert.equal(result!.fatalErrorCount, 0, JSON.stringify(result!.messages));
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

async function assertRefused(file: string, text: string, why: RegExp): Promise<void> {
  const messages = await layerMessages(file, text);
  assert.equal(messages.length, 1, `${file}: ${text}\n${messages.join('\n')}`);
  assert.match(messages[0]!, why, `${file}: ${text}`);
}

async function assertAllowed(file: string, text: string): Promise<void> {
  assert.deepEqual(await layerMessages(file, text), [], `${file}: ${text}`);
}

const CORE = 'server/src/core/layer-probe.ts';
const CORE_DEEP = 'server/src/core/tls/layer-probe.ts';
const IO = 'server/src/io/layer-probe.ts';
const IO_DEEP = 'server/src/io/probe/layer-probe.ts';
const CLIENT = 'client/src/layer-probe.ts';

test('core/ imports no file system, socket, process, DNS or HTTP module, with or without node:', async () => {
  const modules = ['fs', 'fs/promises', 'net', 'tls', 'child_process', 'dns', 'dns/promises', 'http', 'https'];
  for (const m of modules) {
    for (const spec of [m, `node:${m}`]) {
      await assertRefused(CORE, `import * as x from '${spec}';\nexport const y = x;\n`, /core\/ is pure: the file system/);
      await assertRefused(CORE_DEEP, `import { a } from '${spec}';\nexport const y = a;\n`, /core\/ is pure: the file system/);
    }
  }
});

test('core/ cannot reach those modules by require(), import() or export-from either', async () => {
  await assertRefused(CORE, `export const fs = require('node:fs');\n`, /^no-restricted-syntax: core\/ is pure: the file system/);
  await assertRefused(CORE, `export const net = () => import('net');\n`, /^no-restricted-syntax: core\/ is pure: the file system/);
  await assertRefused(CORE, `export { readFileSync } from 'node:fs';\n`, /core\/ is pure: the file system/);
  await assertRefused(CORE, `export * from '../io/config-file';\n`, /io\/ calls the core/);
  await assertRefused(CORE, `export const p = require('../io/probe/probe');\n`, /^no-restricted-syntax: .*io\/ calls the core/);
});

test('core/ imports neither VS Code nor the language server protocol', async () => {
  for (const spec of ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument', 'vscode-languageclient/node', 'vscode-jsonrpc']) {
    await assertRefused(CORE, `import type { X } from '${spec}';\nexport type Y = X;\n`, /protocol and the editor API/);
  }
});

test('core/ imports nothing from io/, lsp/, cli/ or the entry points, at any depth', async () => {
  await assertRefused(CORE, `import { readConfigFile } from '../io/config-file';\nexport const r = readConfigFile;\n`, /io\/ calls the core/);
  await assertRefused(CORE_DEEP, `import { readCertificate } from '../../io/certificate-cache';\nexport const r = readCertificate;\n`, /io\/ calls the core/);
  await assertRefused(CORE, `import { toDiagnostic } from '../lsp/convert';\nexport const r = toDiagnostic;\n`, /no front end/);
  await assertRefused(CORE_DEEP, `import { out } from '../../cli/io';\nexport const r = out;\n`, /no front end/);
  await assertRefused(CORE, `import { main } from '../cli';\nexport const r = main;\n`, /no front end/);
  await assertRefused(CORE, `import '../server';\n`, /no front end/);
});

test('core/ keeps what a pure module may use: its own modules, node:crypto, node-forge', async () => {
  await assertAllowed(CORE_DEEP, `import { createHash } from 'node:crypto';\nimport forge from 'node-forge';\nimport { escapeMarkdown } from '../markdown';\nimport { analyzeConfig } from '../validate';\nexport const r = [createHash, forge, escapeMarkdown, analyzeConfig];\n`);
  // A name that merely starts like a layer is not one.
  await assertAllowed(CORE, `import { a } from './io-limits';\nimport { b } from './cli-words';\nexport const r = [a, b];\n`);
});

test('io/ imports nothing from lsp/ or cli/, and may use the core and Node', async () => {
  await assertRefused(IO, `import { Workspace } from '../lsp/workspace';\nexport const w = Workspace;\n`, /io\/ imports no front end/);
  await assertRefused(IO_DEEP, `import { out } from '../../cli/io';\nexport const o = out;\n`, /io\/ imports no front end/);
  await assertRefused(IO, `export const s = require('../server');\n`, /^no-restricted-syntax: io\/ imports no front end/);
  await assertAllowed(IO_DEEP, `import * as tls from 'node:tls';\nimport { analyzeConfig } from '../../core/validate';\nexport const r = [tls, analyzeConfig];\n`);
});

test('nothing in server/src imports client code', async () => {
  for (const [file, spec] of [
    [CORE, '../../../client/src/status-bar'],
    [IO, '../../../client/src/probe-view'],
    ['server/src/lsp/layer-probe.ts', '../../../client/src/client'],
    ['server/src/cli/layer-probe.ts', '../../../client/src/host-port'],
    ['server/src/layer-probe.ts', '../../client/src/probe-output'],
  ]) {
    await assertRefused(file!, `import { x } from '${spec}';\nexport const y = x;\n`, /server\/src never imports client code/);
  }
});

test('the client imports from the server only protocol.ts and the pure modules it shows', async () => {
  for (const spec of ['protocol', 'core/escape', 'core/probe/html-report', 'core/probe/target', 'core/probe/text-report', 'core/dns/report-html']) {
    await assertAllowed(CLIENT, `import { x } from '../../server/src/${spec}';\nexport const y = x;\n`);
  }
  for (const spec of ['core/validate', 'core/probe/types', 'core/escape-more', 'io/probe/probe', 'lsp/workspace', 'cli/io', 'server']) {
    await assertRefused(CLIENT, `import { x } from '../../server/src/${spec}';\nexport const y = x;\n`, /The client imports from the server only protocol\.ts/);
  }
  await assertRefused(CLIENT, `export const w = require('../../server/src/lsp/workspace');\n`, /^no-restricted-syntax: The client imports/);
});

test('the real tree crosses no layer', async () => {
  const results = await eslint.lintFiles(['server/src', 'client/src']);
  assert.ok(results.length > 100, `linted ${results.length} files`);
  const crossings = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
  assert.deepEqual(crossings, []);
});
