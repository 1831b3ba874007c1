// The OpenSSL cipher list smtpd builds (tls_set_ciphers()), what a list proves by itself, and the
// parse of `openssl ciphers -v` output. io/openssl-ciphers.ts runs openssl: test/io/openssl-ciphers.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCipherList, cipherGrade, cipherListFacts, parseOpensslCiphers } from '../../../server/src/core/tls/cipher-list';

test('grades: the five names without regard to case; anything else (invalid, __proto__) is refused', () => {
  assert.equal(cipherGrade('medium'), 'medium');
  assert.equal(cipherGrade('HIGH'), 'high');
  assert.equal(cipherGrade('Null'), 'null');
  for (const v of ['invalid', '', ' high', '__proto__', 'constructor', 'hıgh']) assert.equal(cipherGrade(v), null, v);
});

test('exclusions are appended as :!name, split on commas, spaces and colons; a modifier is refused', () => {
  const base = 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH';
  assert.deepEqual(buildCipherList(base, []), { ok: true, list: base });
  assert.deepEqual(buildCipherList(base, ['aNULL, RC4:3DES', 'MD5']), { ok: true, list: `${base}:!aNULL:!RC4:!3DES:!MD5` });
  for (const bad of ['!aNULL', '+RC4', '-MD5', '@STRENGTH']) {
    const r = buildCipherList(base, [`DES ${bad}`]);
    assert.ok(!r.ok && r.why.includes(bad), bad);
  }
  assert.ok(!buildCipherList('', []).ok);
});

test('what a list proves: security level 0, anonymous suites removed, RSA key transport only', () => {
  const stock = cipherListFacts('aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH');
  assert.deepEqual(stock, { securityLevel0: false, anonymousRemoved: false, onlyRsaKeyTransport: false });
  assert.equal(cipherListFacts('HIGH:@SECLEVEL=0').securityLevel0, true);
  assert.equal(cipherListFacts('HIGH:!aNULL').anonymousRemoved, true);
  assert.equal(cipherListFacts('HIGH:-aNULL').anonymousRemoved, false, '-aNULL can be added back');
  assert.equal(cipherListFacts('kRSA').onlyRsaKeyTransport, true);
  assert.equal(cipherListFacts('kRSA+AESGCM:AES256-SHA:!MD5').onlyRsaKeyTransport, true);
  assert.equal(cipherListFacts('kRSA:ECDHE-RSA-AES128-GCM-SHA256').onlyRsaKeyTransport, false);
  assert.equal(cipherListFacts('!kRSA').onlyRsaKeyTransport, false, 'nothing added');
});

test('openssl ciphers -v output: one suite a line, other lines skipped, at most 1,000', () => {
  const out =
    'TLS_AES_256_GCM_SHA384         TLSv1.3 Kx=any      Au=any   Enc=AESGCM(256)            Mac=AEAD\n' +
    'ECDHE-RSA-AES128-SHA           TLSv1   Kx=ECDH     Au=RSA   Enc=AES(128)               Mac=SHA1\n' +
    'NULL-MD5                       SSLv3   Kx=RSA      Au=RSA   Enc=None                   Mac=MD5 \n' +
    'Error in cipher list\n<img src=x> TLSv1 Kx=a Au=b Enc=c Mac=d\n\n';
  assert.deepEqual(parseOpensslCiphers(out), [
    { name: 'TLS_AES_256_GCM_SHA384', protocol: 'TLSv1.3', kx: 'any', au: 'any', enc: 'AESGCM(256)', mac: 'AEAD' },
    { name: 'ECDHE-RSA-AES128-SHA', protocol: 'TLSv1', kx: 'ECDH', au: 'RSA', enc: 'AES(128)', mac: 'SHA1' },
    { name: 'NULL-MD5', protocol: 'SSLv3', kx: 'RSA', au: 'RSA', enc: 'None', mac: 'MD5' },
  ]);
  const many = 'AES128-SHA SSLv3 Kx=RSA Au=RSA Enc=AES(128) Mac=SHA1\n'.repeat(5000);
  assert.equal(parseOpensslCiphers(many).length, 1000);
});
