// The extension's entry point (dist/extension.js) as VS Code runs it, each activation in a process of
// its own as in a new window: it loads the client (dist/client.js) through V8's code cache in the
// extension's global storage. The first activation has no cache and writes one once the client has
// run a while (POSTFIX_LENS_CODE_CACHE_DELAY_MS, 8 s in VS Code, short here); the next ones compile
// from it. A cache that is damaged, refused by V8, of another build, or cannot be written never stops
// activation.
// Uses the built dist/ (node scripts/build.mjs), copied into a throwaway extension folder per test.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const ROOT = path.resolve(__dirname, '..', '..');
const DRIVER = path.join(__dirname, 'fixtures', 'activate.cjs');
const DELAY_MS = 100;
const COMMANDS = ['postfixLens.probe', 'postfixLens.createCsr'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-code-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Activation {
  statusAtActivation: { file?: string; cache?: string; saved?: boolean; problem?: string };
  status: { file?: string; cache?: string; saved?: boolean; problem?: string };
  commands: string[];
  filesAtActivation: string[] | null;
  files: string[] | null;
  /** The lines the extension printed on the console (stderr). */
  warnings: string[];
}

let n = 0;
/** A fresh extension folder holding the built dist/extension.js and dist/client.js. */
function extensionFolder(): string {
  const dir = path.join(tmp, `ext-${++n}`);
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const f of ['extension.js', 'client.js']) {
    const from = path.join(ROOT, 'dist', f);
    assert.ok(fs.existsSync(from), `${from} is built (node scripts/build.mjs)`);
    fs.copyFileSync(from, path.join(dir, 'dist', f));
  }
  return dir;
}

/** One activation in a new process; then waits past the cache's delay (timers fire in order, so the save comes first). */
function activate(ext: string, storage: string, waitMs = DELAY_MS + 300): Activation {
  const r = spawnSync(process.execPath, [DRIVER, ext, storage, String(waitMs)], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, POSTFIX_LENS_CODE_CACHE_DELAY_MS: String(DELAY_MS) },
  });
  assert.equal(r.status, 0, `activation failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('postfix-lens:'));
  return { ...(JSON.parse(r.stdout) as Omit<Activation, 'warnings'>), warnings };
}

const cacheFiles = (files: string[] | null) => (files ?? []).filter((f) => f.endsWith('.v8cache'));

test('the first activation compiles the client and saves a cache later; the next ones load it', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-1', 'postfix-lens.postfix-lens'); // not there yet, as in a new profile

  const first = activate(ext, storage);
  assert.deepEqual(first.commands, COMMANDS, 'the client activated');
  assert.equal(first.statusAtActivation.cache, 'none');
  assert.equal(first.filesAtActivation, null, 'nothing written during activation');
  assert.equal(cacheFiles(first.files).length, 1, `one cache written after the delay: ${first.files}`);
  assert.equal(first.status.saved, true);
  assert.deepEqual(first.warnings, []);
  const [cacheFile] = cacheFiles(first.files);
  assert.ok(fs.statSync(path.join(storage, cacheFile!)).size > 100_000, 'the cache holds the compiled client');

  for (const _ of [1, 2]) {
    const next = activate(ext, storage);
    assert.deepEqual(next.commands, COMMANDS);
    assert.equal(next.statusAtActivation.cache, 'used', 'V8 accepted the cache');
    assert.equal(next.status.saved, false, 'a cache that was used is not written again');
    assert.deepEqual(next.files, first.files);
    assert.deepEqual(next.warnings, []);
  }
});

test('a damaged cache is never handed to V8 (it could crash the extension host), and is replaced', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-2');
  const [cacheFile] = cacheFiles(activate(ext, storage).files);
  const p = path.join(storage, cacheFile!);
  const good = fs.readFileSync(p);
  const flipped = Buffer.from(good);
  flipped[good.length >> 1] ^= 0x5a;

  for (const bad of [Buffer.from('not a code cache\n'.repeat(1000)), good.subarray(0, good.length >> 1), flipped, Buffer.alloc(0)]) {
    fs.writeFileSync(p, bad);
    const a = activate(ext, storage);
    assert.deepEqual(a.commands, COMMANDS, 'the client activated all the same');
    assert.equal(a.statusAtActivation.cache, 'rejected');
    assert.equal(a.warnings.length, 1, a.warnings.join('\n'));
    assert.match(a.warnings[0]!, /^postfix-lens: the code cache .* is damaged, so it is made anew/);
    assert.equal(a.status.saved, true);
    assert.deepEqual(a.files, [cacheFile], 'replaced under the same name, no temporary file left');
    assert.ok(!fs.readFileSync(p).equals(bad), 'written anew');
    assert.equal(activate(ext, storage).statusAtActivation.cache, 'used', 'the replacement is used');
  }
});

test('a cache V8 refuses (intact, but not for this source) is replaced without a word', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-3');
  const [cacheFile] = cacheFiles(activate(ext, storage).files);
  // V8's own data for another script, with a right checksum: only V8 can tell.
  const script = new vm.Script('(function () { return 42; })', { filename: 'other.js' });
  script.runInThisContext();
  const data = script.createCachedData();
  fs.writeFileSync(path.join(storage, cacheFile!), Buffer.concat([createHash('sha1').update(data).digest(), data]));

  const a = activate(ext, storage);
  assert.deepEqual(a.commands, COMMANDS);
  assert.equal(a.statusAtActivation.cache, 'rejected');
  assert.deepEqual(a.warnings, []);
  assert.equal(a.status.saved, true);
  assert.equal(activate(ext, storage).statusAtActivation.cache, 'used');
});

test('storage that cannot be written: the client activates, one line says why, nothing else changes', () => {
  const ext = extensionFolder();
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, '');
  const storage = path.join(file, 'globalStorage'); // below a regular file: ENOTDIR

  for (const _ of [1, 2]) {
    const a = activate(ext, storage);
    assert.deepEqual(a.commands, COMMANDS);
    assert.equal(a.status.cache, 'none');
    assert.equal(a.status.saved, false);
    assert.equal(a.warnings.length, 1, a.warnings.join('\n'));
    assert.match(a.warnings[0]!, /^postfix-lens: could not (read|save) the code cache .*ENOTDIR.*\(the extension works without it/);
  }
});

test('a changed dist/client.js gets a cache of its own, and the stale one is removed', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-4');
  const [old] = cacheFiles(activate(ext, storage).files);

  // The same length and the same V8 would pass V8's own check: the name tells the builds apart.
  const client = path.join(ext, 'dist', 'client.js');
  const text = fs.readFileSync(client, 'utf8');
  fs.writeFileSync(client, text.replace('"Postfix Lens"', '"Postfix Lenz"'));
  assert.equal(fs.statSync(client).size, Buffer.byteLength(text));

  const changed = activate(ext, storage);
  assert.deepEqual(changed.commands, COMMANDS);
  assert.equal(changed.statusAtActivation.cache, 'none', 'the old cache is not offered for the new file');
  const [now] = cacheFiles(changed.files);
  assert.notEqual(now, old);
  assert.deepEqual(changed.files, [now], 'the stale cache is gone');
  assert.equal(activate(ext, storage).statusAtActivation.cache, 'used');
});

test('a changed dist/client.js of the same length and modification time gets a cache of its own', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-6');
  const client = path.join(ext, 'dist', 'client.js');
  const when = 1_700_000_000; // whole seconds: every file system keeps them exactly
  fs.utimesSync(client, when, when);
  const before = fs.statSync(client);
  const [old] = cacheFiles(activate(ext, storage).files);

  // What a copy that keeps times (cp -p, rsync -t, an unpacked archive) of another build can give.
  const text = fs.readFileSync(client, 'utf8');
  fs.writeFileSync(client, text.replace('"Postfix Lens"', '"Postfix Lenz"'));
  fs.utimesSync(client, when, when);
  const after = fs.statSync(client);
  assert.equal(after.size, before.size);
  assert.equal(after.mtimeMs, before.mtimeMs);

  const changed = activate(ext, storage);
  assert.deepEqual(changed.commands, COMMANDS);
  assert.equal(changed.statusAtActivation.cache, 'none', 'the cache of the other content is not offered');
  const [now] = cacheFiles(changed.files);
  assert.notEqual(now, old);
  assert.equal(activate(ext, storage).statusAtActivation.cache, 'used');
});

test('a temporary file another window is writing is left alone', () => {
  const ext = extensionFolder();
  const storage = path.join(tmp, 'storage-5');
  fs.mkdirSync(storage, { recursive: true });
  const theirs = path.join(storage, 'client-0123abcd.v8cache.99999.tmp');
  fs.writeFileSync(theirs, 'half written');
  const a = activate(ext, storage);
  assert.equal(a.status.saved, true);
  assert.ok(fs.existsSync(theirs));
});
