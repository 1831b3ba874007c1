import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileCache } from '../../server/src/io/config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'postfix-lens-config-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an unchanged file is not read again; a rewritten or replaced one is', () => {
  const p = join(dir, 'master.cf');
  writeFileSync(p, 'smtp inet n - y - - smtpd\n');
  const cache = new ConfigFileCache();
  const first = cache.read(p);
  assert.ok(first.ok);
  assert.equal(cache.read(p), first, 'the same result: nothing read');
  writeFileSync(p, 'smtp inet n - n - - smtpd\n  -o a=b\n');
  const second = cache.read(p);
  assert.ok(second.ok && second.text.endsWith('-o a=b\n'));
  const tmp = join(dir, 'master.cf.new');
  writeFileSync(tmp, 'x');
  renameSync(tmp, p);
  const third = cache.read(p);
  assert.ok(third.ok && third.text === 'x');
});

test('failures are not kept: a file that appears is read', () => {
  const p = join(dir, 'later.cf');
  const cache = new ConfigFileCache();
  const missing = cache.read(p);
  assert.ok(!missing.ok && missing.missing);
  writeFileSync(p, 'a = b\n');
  const r = cache.read(p);
  assert.ok(r.ok && r.text === 'a = b\n');
});
