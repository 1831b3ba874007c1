// io/openssl-ciphers.ts runs the real openssl: what it lists is what `openssl ciphers -s -v` lists,
// hostile list text stays one argument (no shell, never an option), and nothing runs untrusted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { findOpenssl, MAX_LIST_LENGTH, OpensslCiphers } from '../../server/src/io/openssl-ciphers';

const OPENSSL = findOpenssl();
const skip = OPENSSL ? false : 'openssl is not installed';
const STOCK = 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH';

test('the stock medium list: the suites openssl ciphers -s -v prints, in its order', { skip }, async () => {
  const r = await new OpensslCiphers().list(STOCK, true);
  assert.ok(r.ok, !r.ok ? r.why : '');
  const direct = spawnSync(OPENSSL!, ['ciphers', '-s', '-v', STOCK], { encoding: 'utf8' });
  const names = direct.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)[0]);
  assert.deepEqual(r.suites.map((s) => s.name), names);
  assert.ok(r.suites.some((s) => s.protocol === 'TLSv1.3'));
  // -s: no anonymous suite, which OpenSSL's default security level would never negotiate.
  assert.ok(!r.suites.some((s) => s.au === 'None'), 'anonymous suites listed');
  assert.ok((await new OpensslCiphers().list(`${STOCK}:@SECLEVEL=0`, true)).ok);
});

test('hostile list text: quotes, $(…), backticks, a leading dash; each is one argument, nothing else runs', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-openssl-'));
  const marker = path.join(dir, 'pwned');
  const o = new OpensslCiphers();
  for (const list of [`HIGH$(touch ${marker})`, `HIGH\`touch ${marker}\``, `HIGH'; touch ${marker}; '`, `HIGH"|touch ${marker}`, '-help', '-engine']) {
    const r = await o.list(list, true);
    assert.ok(!r.ok, list);
    assert.match(r.why, /^OpenSSL refuses this list \((invalid command|no cipher match)\)/, list);
  }
  assert.equal(fs.existsSync(marker), false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a 1 MB list and control characters are refused without running openssl; an untrusted workspace runs nothing', async () => {
  const o = new OpensslCiphers({ openssl: '/nonexistent/openssl' });
  assert.match((await o.list('A'.repeat(1 << 20), true) as { why: string }).why, /too long/);
  assert.ok(MAX_LIST_LENGTH < 128 * 1024);
  assert.match((await o.list('HIGH\x00x', true) as { why: string }).why, /control characters/);
  assert.match((await o.list('HIGH', false) as { why: string }).why, /not trusted/);
  // Trusted, the (missing) binary is tried: the failure is a message, not a throw.
  assert.match((await o.list('HIGH', true) as { why: string }).why, /could not be run/);
  assert.match((await new OpensslCiphers({ openssl: null }).list('HIGH', true) as { why: string }).why, /not installed/);
});

test('bounded: a program that never ends is stopped at the time limit, one that floods at the output limit', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-openssl-'));
  const slow = path.join(dir, 'slow');
  fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
  const flood = path.join(dir, 'flood');
  fs.writeFileSync(flood, '#!/bin/sh\nexec yes "AES128-SHA SSLv3 Kx=RSA Au=RSA Enc=AES(128) Mac=SHA1"\n', { mode: 0o755 });
  const t0 = Date.now();
  const r = await new OpensslCiphers({ openssl: slow, timeoutMs: 300 }).list('HIGH', true);
  assert.ok(!r.ok && /did not answer within 300 ms/.test(r.why));
  assert.ok(Date.now() - t0 < 10_000);
  const f = await new OpensslCiphers({ openssl: flood, maxOutput: 64 * 1024 }).list('HIGH', true);
  assert.ok(!f.ok && /more than 65536 bytes/.test(f.why));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('cached: a second question about the same list runs nothing', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-openssl-'));
  const count = path.join(dir, 'count');
  const wrapper = path.join(dir, 'openssl');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho x >> ${count}\nexec ${OPENSSL} "$@"\n`, { mode: 0o755 });
  const o = new OpensslCiphers({ openssl: wrapper });
  const [a, b] = await Promise.all([o.list('HIGH', true), o.list('HIGH', true)]);
  const c = await o.list('HIGH', true);
  assert.ok(a.ok && b.ok && c.ok);
  assert.equal(fs.readFileSync(count, 'utf8'), 'x\n');
  fs.rmSync(dir, { recursive: true, force: true });
});
