import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateCache, TRUST_MS } from '../../server/src/io/certificate-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'postfix-lens-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an unchanged file is read once', async () => {
  const p = join(dir, 'a.pem');
  writeFileSync(p, 'one');
  const cache = new CertificateCache();
  const r1 = await cache.read(p);
  const r2 = await cache.read(p);
  assert.ok(r1.ok && r2.ok);
  assert.equal(r1, r2);
  assert.deepEqual({ hits: cache.counters.hits, misses: cache.counters.misses }, { hits: 1, misses: 1 });
});

test('a rewritten file (new size or mtime) is read again', async () => {
  const p = join(dir, 'b.pem');
  writeFileSync(p, 'one');
  const cache = new CertificateCache();
  await cache.read(p);
  writeFileSync(p, 'three');
  const r = await cache.read(p);
  assert.ok(r.ok && Buffer.from(r.bytes).toString() === 'three');
  assert.equal(cache.counters.misses, 2);
});

test('a file replaced by rename with the same size and mtime (new inode) is read again', async () => {
  const p = join(dir, 'c.pem');
  writeFileSync(p, 'aaa');
  const old = statSync(p);
  const cache = new CertificateCache();
  await cache.read(p);
  const tmp = join(dir, 'c.pem.new');
  writeFileSync(tmp, 'bbb');
  utimesSync(tmp, old.atime, old.mtime);
  renameSync(tmp, p);
  const r = await cache.read(p);
  assert.ok(r.ok && Buffer.from(r.bytes).toString() === 'bbb');
  assert.deepEqual({ hits: cache.counters.hits, misses: cache.counters.misses }, { hits: 0, misses: 2 });
});

test('failures are not cached', async () => {
  const cache = new CertificateCache();
  const p = join(dir, 'later.pem');
  assert.equal((await cache.read(p)).ok, false);
  writeFileSync(p, 'now');
  assert.equal((await cache.read(p)).ok, true);
  assert.equal(cache.counters.misses, 2);
});

test('results are computed once per file identity and context', async () => {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, 'cert');
  writeFileSync(key, 'key');
  const cache = new CertificateCache();
  let runs = 0;
  const compute = () => ++runs;
  assert.equal(await cache.compute([cert, key], 'mail.example.com', compute), 1);
  assert.equal(await cache.compute([cert, key], 'mail.example.com', compute), 1);
  assert.equal(await cache.compute([cert, key], 'smtp.example.com', compute), 2);
  const tmp = join(dir, 'cert.pem.new');
  writeFileSync(tmp, 'CERT');
  renameSync(tmp, cert);
  assert.equal(await cache.compute([cert, key], 'mail.example.com', compute), 3);
  assert.deepEqual({ resultHits: cache.counters.resultHits, resultMisses: cache.counters.resultMisses }, { resultHits: 1, resultMisses: 3 });
});

test('the cache is bounded', async () => {
  const cache = new CertificateCache({ maxEntries: 3 });
  for (let i = 0; i < 10; i++) {
    const p = join(dir, `n${i}.pem`);
    writeFileSync(p, String(i));
    await cache.read(p);
  }
  await cache.read(join(dir, 'n0.pem'));
  assert.equal(cache.counters.hits, 0);
  await cache.read(join(dir, 'n9.pem'));
  assert.equal(cache.counters.hits, 1);
});

test('a watched file is trusted afresh after each check, missing or present', async () => {
  let clock = 1_000_000;
  const cache = new CertificateCache({ now: () => clock });
  const missing = join(dir, 'watched-missing', 'fullchain.pem');
  const present = join(dir, 'watched.pem');
  writeFileSync(present, 'pem');
  cache.trustWatched([missing, present]);
  await cache.read(missing);
  await cache.read(present);
  assert.equal(cache.counters.misses, 2);
  await cache.read(missing);
  await cache.read(present);
  assert.equal(cache.counters.misses, 2, 'trusted: nothing looked at again');
  // Past the trust window: each file is looked at once (a read of the missing one, a stat of the
  // present one), and then trusted again for the next window.
  clock += TRUST_MS + 1;
  await cache.read(missing);
  await cache.read(present);
  assert.equal(cache.counters.misses, 3);
  for (let i = 0; i < 5; i++) {
    clock += 1000;
    await cache.read(missing);
    await cache.read(present);
  }
  assert.equal(cache.counters.misses, 3);
});

test('a file is read once under every name: links and other spellings of its path share the bytes', async () => {
  const sub = join(dir, 'spellings');
  mkdirSync(sub);
  const p = join(sub, 'chain.pem');
  writeFileSync(p, 'chain');
  symlinkSync(p, join(sub, 'link.pem'));
  const cache = new CertificateCache();
  const names = [p, `${sub}//chain.pem`, `${sub}/./chain.pem`, join(sub, 'link.pem')];
  const results: Awaited<ReturnType<CertificateCache['read']>>[] = [];
  for (const n of names) results.push(await cache.read(n));
  assert.ok(results.every((r) => r.ok && r.bytes === (results[0] as { bytes: Uint8Array }).bytes));
  assert.deepEqual({ misses: cache.counters.misses, shared: cache.counters.shared }, { misses: 1, shared: 3 });
});

test('reads of one path at the same time are one read', async () => {
  const p = join(dir, 'together.pem');
  writeFileSync(p, 'x'.repeat(100_000));
  const cache = new CertificateCache();
  const all = await Promise.all(Array.from({ length: 50 }, () => cache.read(p)));
  assert.ok(all.every((r) => r === all[0]));
  assert.equal(cache.counters.misses, 1);
});

test('a list naming one file many times reads it once, one file at a time', async () => {
  const p = join(dir, 'listed.pem');
  writeFileSync(p, 'listed');
  const cache = new CertificateCache();
  const sizes = await cache.compute(Array(1000).fill(p), 'ctx', (files) => files.map((f) => (f.ok ? f.bytes.byteLength : -1)));
  assert.equal(sizes.length, 1000);
  assert.equal(cache.counters.misses, 1);
});

test('the bytes held are bounded', async () => {
  const cache = new CertificateCache({ maxBytes: 3000 });
  for (let i = 0; i < 10; i++) {
    const p = join(dir, `big${i}.pem`);
    writeFileSync(p, 'y'.repeat(1000));
    await cache.read(p);
  }
  // The three newest are held (3000 bytes); the oldest are read again.
  await cache.read(join(dir, 'big9.pem'));
  await cache.read(join(dir, 'big7.pem'));
  assert.equal(cache.counters.hits, 2);
  await cache.read(join(dir, 'big0.pem'));
  assert.equal(cache.counters.misses, 11);
});
