// smtpd_tls_protocols and smtpd_tls_mandatory_protocols as Postfix 3.7's tls_proto_mask_lims() and
// OpenSSL's version bounds read them: both syntaxes, every separator, garbage, huge values. The
// differential test against a real Postfix is test/probe/tls-protocols.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProtocols, parseProtocolList, type ProtocolList } from '../../../server/src/core/tls/protocols';

const enabled = (v: string) => {
  const r = parseProtocolList(v);
  assert.ok(r.ok, `${v}: refused`);
  return r.enabled;
};

test('the default >=TLSv1 and the exclusion syntax: TLS 1.0 to 1.3', () => {
  assert.deepEqual(enabled('>=TLSv1'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('!SSLv2, !SSLv3'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.equal(describeProtocols(parseProtocolList('!SSLv2, !SSLv3')), 'TLS 1.0 – TLS 1.3 (SSLv2, SSLv3 excluded)');
  assert.equal(describeProtocols(parseProtocolList('>=TLSv1')), 'TLS 1.0 – TLS 1.3');
  // Nothing excluded: SSLv3 is allowed by the setting (OpenSSL builds since 1.1.0 lack it); never SSLv2.
  assert.deepEqual(enabled(''), ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
});

test('bounds: floor, ceiling, hexadecimal versions, None, and bounds OpenSSL ignores', () => {
  assert.deepEqual(enabled('>=TLSv1.2'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('>=TLSv1.1 <=TLSv1.2'), ['TLSv1.1', 'TLSv1.2']);
  assert.deepEqual(enabled('>=0x0303'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('>=303'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('<=0x0302'), ['SSLv3', 'TLSv1', 'TLSv1.1']);
  assert.deepEqual(enabled('>=None'), enabled(''));
  assert.deepEqual(enabled('>='), enabled(''), '">=" alone: strtoul of "" is 0, no bound');
  const r = parseProtocolList('>=0x0305');
  assert.ok(r.ok);
  assert.deepEqual(r.enabled, enabled(''), 'OpenSSL refuses 0x0305 as a bound, and Postfix does not look');
  assert.deepEqual(r.ignored, ['>=0x0305']);
  // Later bounds win.
  assert.deepEqual(enabled('>=TLSv1 >=TLSv1.3'), ['TLSv1.3']);
});

test('names without regard to case, every separator, inclusion lists', () => {
  assert.deepEqual(enabled('>=tlsv1.2'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('!sslv2:!SSLV3\t!TlSv1,\n!TLSv1.1'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('TLSv1.2 TLSv1.3'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(enabled('TLSv1.3'), ['TLSv1.3']);
  assert.deepEqual(enabled('TLSv1.2, !TLSv1.2'), []);
  assert.equal(describeProtocols(parseProtocolList('!TLSv1.2, !TLSv1.3, <=TLSv1.3, >=TLSv1.2')), 'none: every protocol is excluded, so every TLS handshake fails');
  assert.equal(describeProtocols(parseProtocolList('!TLSv1.1')), 'SSLv3, TLS 1.0, TLS 1.2, TLS 1.3 (TLS 1.1 excluded)');
});

test('garbage: an unknown name or a bad bound makes the whole list invalid (Postfix then offers no TLS)', () => {
  const bad = (v: string): string => {
    const r: ProtocolList = parseProtocolList(v);
    assert.ok(!r.ok, `${v}: accepted`);
    return r.bad;
  };
  assert.equal(bad('!SSLv2, TLSv1.4'), 'TLSv1.4');
  assert.equal(bad('>=TLSv1.x'), '>=TLSv1.x');
  assert.equal(bad('>=-1'), '>=-1');
  assert.equal(bad('>=0x'), '>=0x');
  assert.equal(bad('>=fffffffff'), '>=fffffffff');
  assert.equal(bad('__proto__'), '__proto__');
  assert.equal(bad('!constructor'), '!constructor');
  assert.equal(bad('>=toString'), '>=toString');
  assert.equal(bad('=TLSv1.2'), '=TLSv1.2');
  assert.equal(bad('TLSv1.2;TLSv1.3'), 'TLSv1.2;TLSv1.3', 'a semicolon is no separator');
  assert.equal(bad('ＴLSv1.2'), 'ＴLSv1.2', 'no Unicode case folding');
  assert.match(describeProtocols(parseProtocolList('bogus')), /^none: the list is invalid/);
});

test('huge values: a megabyte of tokens is read in bounded time and memory, the bad token clipped', () => {
  const big = '!SSLv2 '.repeat(150_000);
  assert.deepEqual(enabled(big), ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  const r = parseProtocolList(`${'x'.repeat(1 << 20)}`);
  assert.ok(!r.ok);
  assert.equal(r.bad.length, 100);
  const ignored = parseProtocolList('>=0x0999 '.repeat(100_000));
  assert.ok(ignored.ok && ignored.ignored.length === 10);
});
