// What a cipher suite is worth, by its OpenSSL name, held to what `openssl ciphers -v` says of it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { judgeCipherSuite, weaknessWords } from '../../../server/src/core/tls/cipher-suites';

test('weak suites by every reason, anonymous and forward-secret ones, TLS 1.3', () => {
  const j = (n: string) => judgeCipherSuite(n);
  assert.deepEqual(j('NULL-MD5').weak, ['null', 'md5']);
  assert.deepEqual(j('EXP-RC4-MD5').weak, ['export', 'rc4', 'md5']);
  assert.deepEqual(j('EDH-RSA-DES-CBC-SHA').weak, ['des']);
  assert.deepEqual(j('DES-CBC3-SHA').weak, ['3des']);
  assert.deepEqual(j('ECDHE-RSA-DES-CBC3-SHA').weak, ['3des']);
  assert.deepEqual(j('ECDHE-RSA-AES128-GCM-SHA256'), { name: 'ECDHE-RSA-AES128-GCM-SHA256', weak: [], anonymous: false, forwardSecret: true, psk: false });
  assert.equal(j('AES128-SHA').forwardSecret, false);
  assert.equal(j('EDH-RSA-DES-CBC-SHA').forwardSecret, true);
  assert.equal(j('ADH-AES256-GCM-SHA384').anonymous, true);
  assert.equal(j('AECDH-NULL-SHA').anonymous, true);
  assert.equal(j('TLS_AES_128_GCM_SHA256').forwardSecret, true);
  assert.equal(j('TLS_AES_128_GCM_SHA256').anonymous, false);
  assert.equal(j('DHE-PSK-AES256-CCM').psk, true);
  assert.equal(weaknessWords(j('EXP-RC4-MD5').weak), 'export-grade keys (EXPORT), RC4, MD5 message authentication');
});

test("every suite this machine's OpenSSL knows: anonymous, forward secrecy and NULL as `openssl ciphers -v` says", (t) => {
  const r = spawnSync('openssl', ['ciphers', '-v', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' });
  if (r.status !== 0) {
    t.skip('SKIPPED: openssl is not installed');
    return;
  }
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 50, `${lines.length} suites`);
  for (const line of lines) {
    const [name, , kx, au, enc] = line.trim().split(/\s+/) as [string, string, string, string, string];
    const j = judgeCipherSuite(name);
    assert.equal(j.anonymous, au === 'Au=None', name);
    assert.equal(j.weak.includes('null'), enc === 'Enc=None', name);
    assert.equal(j.weak.includes('3des'), enc.startsWith('Enc=3DES'), name);
    assert.equal(j.weak.includes('des'), enc.startsWith('Enc=DES'), name);
    assert.equal(j.weak.includes('rc4'), enc.startsWith('Enc=RC4'), name);
    // Kx=any is TLS 1.3; ECDH/DH without a static certificate key are ephemeral in OpenSSL 3.
    const ephemeral = ['Kx=any', 'Kx=ECDH', 'Kx=DH', 'Kx=ECDHEPSK', 'Kx=DHEPSK'].includes(kx);
    if (!j.psk) assert.equal(j.forwardSecret, ephemeral, name);
  }
});
