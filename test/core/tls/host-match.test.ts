import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { certificateMatches, normalizeHostname } from '../../../server/src/core/tls/host-match.js';
import { fixtures } from '../../helpers/certificates.js';

const f = fixtures();
const matches = (pem: string, host: string) => certificateMatches(new X509Certificate(pem), normalizeHostname(host));

test('normalisation: one trailing dot, case, IDNA, IP literals, invalid names', () => {
  assert.deepEqual(normalizeHostname('Mail.Example.COM.'), { input: 'Mail.Example.COM.', ascii: 'mail.example.com', kind: 'dns' });
  assert.equal(normalizeHostname('bücher.example').ascii, 'xn--bcher-kva.example');
  assert.equal(normalizeHostname('192.0.2.1').kind, 'ipv4');
  assert.equal(normalizeHostname('[2001:db8::1]').ascii, '2001:db8::1');
  assert.equal(normalizeHostname('2001:db8::1').kind, 'ipv6');
  assert.ok(normalizeHostname('bad name with spaces').invalid);
  assert.ok(normalizeHostname('').invalid);
});

test('wildcard: exactly one left-most label', () => {
  assert.equal(matches(f.wildcard.cert, 'mail.example.com'), true);
  assert.equal(matches(f.wildcard.cert, 'MAIL.example.com.'), true);
  assert.equal(matches(f.wildcard.cert, 'a.b.example.com'), false);
  assert.equal(matches(f.wildcard.cert, 'example.com'), false);
});

test('no CN fallback: a certificate without SAN matches nothing', () => {
  assert.equal(matches(f.cnOnly.cert, 'mail.example.com'), false);
});

test('IDNA: the Unicode name matches the A-label SAN', () => {
  assert.equal(matches(f.idna.cert, 'bücher.example'), true);
  assert.equal(matches(f.idna.cert, 'bucher.example'), false);
});

test('IP addresses match iPAddress SANs only', () => {
  assert.equal(matches(f.ipSan.cert, '192.0.2.25'), true);
  assert.equal(matches(f.leaf.cert, '192.0.2.25'), false);
});
