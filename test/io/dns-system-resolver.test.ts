// io/dns/system-resolver.ts: the machine's resolvers from a resolv.conf file, glibc's default when
// the file is missing or names none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemResolvConf } from '../../server/src/io/dns/system-resolver';

test('the nameservers of a resolv.conf file; 127.0.0.1 when it is missing or a directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-resolv-'));
  try {
    const file = path.join(dir, 'resolv.conf');
    fs.writeFileSync(file, 'nameserver 192.0.2.1\nnameserver 2001:db8::1\noptions trust-ad\n');
    const c = await systemResolvConf(file);
    assert.deepEqual(c.servers, [{ address: '192.0.2.1', port: 53 }, { address: '2001:db8::1', port: 53 }]);
    assert.equal(c.trustAd, true);
    for (const p of [path.join(dir, 'missing'), dir]) {
      const d = await systemResolvConf(p);
      assert.deepEqual([d.servers, d.defaulted], [[{ address: '127.0.0.1', port: 53 }], true], p);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
