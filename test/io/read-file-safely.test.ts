import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSafely, withTimeout } from '../../server/src/io/read-file-safely.js';

const dir = mkdtempSync(join(tmpdir(), 'postfix-lens-io-'));
after(() => rmSync(dir, { recursive: true, force: true }));
chmodSync(dir, 0o755);

test('a regular file: bytes and identity', async () => {
  const p = join(dir, 'cert.pem');
  writeFileSync(p, 'hello');
  const r = await readFileSafely(p);
  assert.ok(r.ok);
  assert.equal(Buffer.from(r.bytes).toString(), 'hello');
  assert.equal(r.stat.size, 5);
  assert.ok(r.stat.ino > 0 && r.stat.mtimeMs > 0);
});

test('missing file and a path through a file', async () => {
  assert.equal((await readFileSafely(join(dir, 'nope.pem'))).ok, false);
  const r = await readFileSafely(join(dir, 'nope.pem'));
  assert.equal(!r.ok && r.reason, 'missing');
  writeFileSync(join(dir, 'plain'), 'x');
  const t = await readFileSafely(join(dir, 'plain', 'below'));
  assert.equal(!t.ok && t.reason, 'missing');
});

test('a FIFO without a writer: not-regular at once, never blocks', async () => {
  const fifo = join(dir, 'fifo.pem');
  const mk = spawnSync('mkfifo', [fifo]);
  assert.equal(mk.status, 0, String(mk.stderr));
  const start = performance.now();
  const r = await readFileSafely(fifo, { timeoutMs: 5000 });
  assert.ok(performance.now() - start < 1000);
  assert.equal(!r.ok && r.reason, 'not-regular');
  assert.match(!r.ok ? r.message : '', /named pipe/);
});

test('/dev/zero, /dev/null and a directory: not-regular', async () => {
  for (const p of ['/dev/zero', '/dev/null', dir]) {
    const r = await readFileSafely(p);
    assert.equal(!r.ok && r.reason, 'not-regular', p);
  }
});

test('a unix socket: not-regular', async () => {
  const sock = join(dir, 'sock.pem');
  const server = createServer();
  await new Promise<void>((ok) => server.listen(sock, ok));
  try {
    const r = await readFileSafely(sock);
    assert.equal(!r.ok && r.reason, 'not-regular');
  } finally {
    server.close();
  }
});

test('a symlink loop: loop', async () => {
  const a = join(dir, 'loop-a');
  const b = join(dir, 'loop-b');
  symlinkSync(b, a);
  symlinkSync(a, b);
  const r = await readFileSafely(a);
  assert.equal(!r.ok && r.reason, 'loop');
});

test('a 2 MiB file: too-large; the limit is inclusive', async () => {
  const big = join(dir, 'big.pem');
  writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x41));
  const r = await readFileSafely(big);
  assert.equal(!r.ok && r.reason, 'too-large');
  const exact = join(dir, 'exact.pem');
  writeFileSync(exact, Buffer.alloc(100, 0x41));
  assert.ok((await readFileSafely(exact, { limit: 100 })).ok);
  const r2 = await readFileSafely(exact, { limit: 99 });
  assert.equal(!r2.ok && r2.reason, 'too-large');
});

test('withTimeout: a hung operation gives the fallback after the timeout', async () => {
  const start = performance.now();
  const r = await withTimeout(new Promise<string>(() => undefined), 50, 'timed out');
  assert.equal(r, 'timed out');
  assert.ok(performance.now() - start < 1000);
});

const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;

test('a root-only key read by an unprivileged user: unreadable, saying who we are and who may read it', { skip: canDropPrivileges ? false : 'needs root and setpriv to run a reader as nobody (uid 65534)' }, () => {
  const key = join(dir, 'privkey.pem');
  writeFileSync(key, 'secret');
  chmodSync(key, 0o600);
  const sub = join(dir, 'reader');
  mkdirSync(sub);
  const script = join(sub, 'read.mts');
  writeFileSync(script, `import { readFileSafely } from ${JSON.stringify(resolve('server/src/io/read-file-safely.ts'))};\nconsole.log(JSON.stringify(await readFileSafely(process.argv[2])));\n`);
  chmodSync(sub, 0o755);
  chmodSync(script, 0o644);
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', script, key], { encoding: 'utf8', cwd: process.cwd(), env: { ...process.env, HOME: '/tmp' } });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(result.ok, false);
  assert.equal(result.reason, 'unreadable');
  assert.match(result.message, /runs as user nobody \(uid 65534\)/);
  assert.match(result.message, /owned by root:root with mode 0600 \(rw-------\), so only its owner can read it/);
});
