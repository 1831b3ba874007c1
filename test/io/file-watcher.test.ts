// The file watcher the language server keeps on certificate files, on its own: a change (or a
// replacement by rename, as certbot does) is reported once per burst; watches are bounded, dropped
// with their pair, and a directory that cannot be watched is ignored. No sleeps: the tests wait for the callback.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileWatcher } from '../../server/src/io/file-watcher';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-watch-')));
}

// The watches do not keep a process alive (the server lives on its stdio); the tests need the event
// loop to wait for them.
const keepAlive = setInterval(() => undefined, 60_000);
test.after(() => clearInterval(keepAlive));

/** A watcher whose changes are awaited one at a time. */
function watcher(max?: number) {
  const waiting: ((pair: string) => void)[] = [];
  const seen: string[] = [];
  const w = new FileWatcher((pair) => {
    seen.push(pair);
    waiting.shift()?.(pair);
  }, max, 50);
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return { w, seen, next };
}

test('a rewritten or replaced certificate file is reported for its pair; other files are not', { timeout: 10_000 }, async () => {
  const dir = tempDir();
  const cert = path.join(dir, 'cert.pem');
  fs.writeFileSync(cert, 'a');
  fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'a');
  const { w, seen, next } = watcher();
  try {
    await w.watch('pair-1', [cert, path.join(dir, 'key.pem')]);
    assert.deepEqual(w.watchedDirectories(), [dir]);
    let change = next();
    fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'b');
    fs.writeFileSync(cert, 'b');
    fs.writeFileSync(cert, 'c');
    assert.equal(await change, 'pair-1');
    change = next();
    fs.writeFileSync(`${cert}.new`, 'd');
    fs.renameSync(`${cert}.new`, cert);
    assert.equal(await change, 'pair-1');
    // A key file that appears counts as well.
    change = next();
    fs.writeFileSync(path.join(dir, 'key.pem'), 'k');
    assert.equal(await change, 'pair-1');
    assert.ok(seen.every((p) => p === 'pair-1'));
  } finally {
    w.dispose();
  }
  assert.deepEqual(w.watchedDirectories(), []);
});

test('symlinked certificates (certbot live/ → archive/) are watched at both ends', { timeout: 10_000 }, async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'live'));
  fs.mkdirSync(path.join(dir, 'archive'));
  fs.writeFileSync(path.join(dir, 'archive', 'fullchain1.pem'), 'a');
  fs.symlinkSync('../archive/fullchain1.pem', path.join(dir, 'live', 'fullchain.pem'));
  const { w, next } = watcher();
  try {
    await w.watch('pair', [path.join(dir, 'live', 'fullchain.pem')]);
    assert.deepEqual(w.watchedDirectories().sort(), [path.join(dir, 'archive'), path.join(dir, 'live')]);
    const change = next();
    fs.writeFileSync(path.join(dir, 'archive', 'fullchain1.pem'), 'b');
    assert.equal(await change, 'pair');
  } finally {
    w.dispose();
  }
});

test('bounded, dropped with the pair, and a directory that cannot be watched is ignored', async () => {
  const dirs = [tempDir(), tempDir(), tempDir()];
  const { w } = watcher(2);
  try {
    await w.watch('a', dirs.map((d) => path.join(d, 'cert.pem')));
    assert.equal(w.watchedDirectories().length, 2, 'at most two directories');
    await w.watch('b', ['/nonexistent-postfix-lens/cert.pem']);
    assert.equal(w.watchedDirectories().length, 2);
    w.forget('a');
    assert.deepEqual(w.watchedDirectories(), []);
    await w.watch('a', [path.join(dirs[2]!, 'cert.pem')]);
    assert.deepEqual(w.watchedDirectories(), [dirs[2]]);
  } finally {
    w.dispose();
  }
});
