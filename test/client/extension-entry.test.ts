// The extension's main (dist/extension.js) as VS Code runs it, each activation in a process of its
// own: where Node has module.enableCompileCache (Node >= 22.1) it is turned on for a folder in the
// extension's global storage before the client (dist/client.js) loads; where Node has none (Node 20)
// or it throws, the client activates all the same. The client's commands show that it activated.
// This machine's Node is 20, so a module.enableCompileCache that records or throws stands in for
// Node 22's (test/client/fixtures/activate.cjs); with a newer Node the real one is used as well.
// Uses the built dist/ (node scripts/build.mjs), copied into a throwaway extension folder.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DRIVER = path.join(__dirname, 'fixtures', 'activate.cjs');
const COMMANDS = ['postfixLens.probe', 'postfixLens.probeProtocols', 'postfixLens.createCsr', 'postfixLens.checkDns'];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NODE_HAS_COMPILE_CACHE = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-entry-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Activation {
  commands: string[];
  outputChannels: string[];
  compileCacheCalls: { directory: string; clientLoaded: boolean }[];
  files: string[] | null;
  /** The lines the extension printed on the console (stderr). */
  warnings: string[];
}

const ext = path.join(tmp, 'ext');
fs.mkdirSync(path.join(ext, 'dist'), { recursive: true });
for (const f of ['extension.js', 'client.js']) {
  const from = path.join(ROOT, 'dist', f);
  assert.ok(fs.existsSync(from), `${from} is built (node scripts/build.mjs)`);
  fs.copyFileSync(from, path.join(ext, 'dist', f));
}

function activate(storage: string, compileCache?: 'record' | 'throw'): Activation {
  const env = { ...process.env };
  delete env.ACTIVATE_COMPILE_CACHE;
  delete env.NODE_COMPILE_CACHE;
  if (compileCache) env.ACTIVATE_COMPILE_CACHE = compileCache;
  const r = spawnSync(process.execPath, [DRIVER, ext, storage, '50'], { encoding: 'utf8', timeout: 30_000, env });
  assert.equal(r.status, 0, `activation failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('postfix-lens:'));
  return { ...(JSON.parse(r.stdout) as Omit<Activation, 'warnings'>), warnings };
}

test('where Node has a compile cache, it is turned on in the global storage before the client loads', () => {
  const storage = path.join(tmp, 'storage-record', 'postfix-lens.postfix-lens');
  const a = activate(storage, 'record');
  assert.deepEqual(a.commands, COMMANDS, 'the client activated');
  assert.deepEqual(a.outputChannels, ['Postfix Lens Probe', 'Postfix Lens'], 'the probe transcript, the language client');
  assert.deepEqual(a.compileCacheCalls, [{ directory: path.join(storage, 'compile-cache'), clientLoaded: false }]);
  assert.deepEqual(a.warnings, []);
});

test('a compile cache that throws costs one line on the console, never the activation', () => {
  const a = activate(path.join(tmp, 'storage-throw'), 'throw');
  assert.deepEqual(a.commands, COMMANDS);
  assert.equal(a.compileCacheCalls.length, 1);
  assert.equal(a.warnings.length, 1, a.warnings.join('\n'));
  assert.match(a.warnings[0]!, /^postfix-lens: Node's compile cache could not be turned on in .*compile-cache: no compile cache here$/);
});

test(`with this Node (${process.version}) as it is: the client activates, and its compile cache holds the client when Node has one`, () => {
  const storage = path.join(tmp, 'storage-plain');
  for (const run of [1, 2]) {
    const a = activate(storage);
    assert.deepEqual(a.commands, COMMANDS, `activation ${run}`);
    assert.deepEqual(a.warnings, []);
    if (NODE_HAS_COMPILE_CACHE) {
      assert.equal(a.compileCacheCalls.length, 1);
      // Node writes the cache as the process exits: the second activation finds the first one's.
      const inside = (a.files ?? []).filter((f) => f.startsWith(`compile-cache${path.sep}`));
      assert.ok(run === 1 || inside.length > 0, `cache written: ${a.files}`);
    } else {
      assert.deepEqual(a.compileCacheCalls, []);
      assert.equal(a.files, null, 'nothing written to the storage');
    }
  }
});
