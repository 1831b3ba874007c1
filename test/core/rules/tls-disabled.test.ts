// tls-disabled judged per smtpd service as smtpd and master(8) do: a listener only this machine can
// reach (loopback addresses, whether from its own host:port or from $inet_interfaces) needs no TLS;
// wrapper mode does TLS whatever the level says; TLS that cannot work is an error everywhere.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import type { Installation } from '../../../server/src/core/config/defaults';

const CERT = 'smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n';

function tlsFindings(main: string, master: string | null, installation?: Installation): { line: number; file: string; message: string }[] {
  const a = analyzeConfig(main, master, { version: '3.7', installation });
  return runRules(a)
    .filter((f) => f.code === 'tls-disabled')
    .map((f) => ({ line: f.range.start.line + 1, file: f.file ?? 'main.cf', message: f.message }));
}

const STOCK = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n';

test('a content filter reinjection port on loopback with TLS off: no finding, whatever form the address takes', () => {
  const main = `smtpd_tls_security_level = may\n${CERT}`;
  for (const listener of ['127.0.0.1:10025', '127.0.0.2:10026', '[127.0.0.1]:10025', '[::1]:10025', '[0:0:0:0:0:0:0:1]:10025', 'localhost:10025', 'LocalHost:10025']) {
    const master = `${STOCK}${listener} inet n - n - - smtpd\n  -o content_filter=\n  -o smtpd_tls_security_level=none\n  -o mynetworks=127.0.0.0/8\n`;
    assert.deepEqual(tlsFindings(main, master), [], listener);
  }
});

test('TLS off where other machines connect stays an error: public addresses, all addresses, names DNS may resolve', () => {
  const main = `smtpd_tls_security_level = may\n${CERT}`;
  for (const listener of ['0.0.0.0:25', '192.0.2.10:25', '[2001:db8::1]:25', '[::ffff:127.0.0.1]:25', '10025', 'smtp', 'mail.example.com:25', '128.0.0.1:25']) {
    const master = `${listener} inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n`;
    const f = tlsFindings(main, master);
    assert.equal(f.length, 1, listener);
    assert.match(f[0]!.message, /^TLS is off for /, listener);
    assert.equal(f[0]!.file, 'master.cf');
  }
});

test('inet_interfaces decides for services without a host of their own, as master(8) reads it from main.cf', () => {
  const master = 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=none\n';
  for (const ifs of ['loopback-only', '127.0.0.1', '127.0.0.1, [::1]', 'localhost', '$my_lo']) {
    assert.deepEqual(tlsFindings(`inet_interfaces = ${ifs}\nmy_lo = 127.0.0.1\n${CERT}`, master), [], ifs);
  }
  for (const ifs of ['all', '127.0.0.1, 192.0.2.10', 'mail.example.com']) {
    assert.equal(tlsFindings(`inet_interfaces = ${ifs}\n${CERT}`, master).length, 1, ifs);
  }
  // A service's own -o inet_interfaces does not move the listener (master(8) never sees -o).
  assert.equal(tlsFindings(CERT, 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=none\n  -o inet_interfaces=loopback-only\n').length, 1);
  // Without master.cf: Postfix's stock smtp service listens on $inet_interfaces.
  assert.deepEqual(tlsFindings(`inet_interfaces = loopback-only\nsmtpd_tls_security_level = none\n${CERT}`, null), []);
  assert.equal(tlsFindings(`inet_interfaces = all\nsmtpd_tls_security_level = none\n${CERT}`, null).length, 1);
});

test('a name is loopback only when /etc/hosts says so', () => {
  const master = 'filter.internal:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n';
  const hosts = (m: Record<string, string[]>): Installation => ({ hosts: new Map(Object.entries(m)) });
  assert.equal(tlsFindings(CERT, master).length, 1);
  assert.deepEqual(tlsFindings(CERT, master, hosts({ 'filter.internal': ['127.0.1.1'] })), []);
  assert.equal(tlsFindings(CERT, master, hosts({ 'filter.internal': ['127.0.1.1', '192.0.2.7'] })).length, 1);
  // localhost that /etc/hosts points elsewhere is not loopback.
  assert.equal(tlsFindings(CERT, 'localhost:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n', hosts({ localhost: ['192.0.2.7'] })).length, 1);
});

test('main.cf turns TLS off, every public service turns it back on, the loopback one inherits it: no finding', () => {
  const main = `smtpd_tls_security_level = none\n${CERT}`;
  const master =
    'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n' +
    'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n' +
    '127.0.0.1:10025 inet n - n - - smtpd\n  -o content_filter=\n';
  assert.deepEqual(tlsFindings(main, master), []);
  // One public service left on main.cf's value: one finding, on main.cf's line, naming it.
  const f = tlsFindings(main, master.replace('  -o smtpd_tls_security_level=may\n', ''));
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['main.cf', 1]]);
  assert.match(f[0]!.message, /^TLS is off for smtp\/inet: smtpd_tls_security_level = none/);
  // Two: both named on the one finding.
  const both = tlsFindings(main, 'smtp inet n - y - - smtpd\n2525 inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n');
  assert.equal(both.length, 1);
  assert.match(both[0]!.message, /^TLS is off for smtp\/inet and 2525\/inet: /);
});

test('wrapper mode does TLS whatever smtpd_tls_security_level says (smtpd.c ignores it there)', () => {
  const main = `smtpd_tls_security_level = may\n${CERT}`;
  for (const extra of ['  -o smtpd_tls_security_level=none\n', '']) {
    const master = `smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n${extra}`;
    assert.deepEqual(tlsFindings(main, master), [], extra || 'level unset');
    assert.deepEqual(tlsFindings(CERT, master), [], `${extra || 'level unset'}, main.cf level unset`);
  }
  // Without a certificate wrapper mode cannot work: an error on the wrapper mode setting.
  const f = tlsFindings('smtpd_tls_security_level = may\n', 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_security_level=none\n');
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['master.cf', 2]]);
  assert.match(f[0]!.message, /^smtps\/inet asks for TLS \(implicit TLS, smtpd_tls_wrappermode = yes\) but no certificate is configured/);
});

test('TLS that cannot work is an error even on loopback; may without a certificate there is not', () => {
  const encrypt = tlsFindings('', '127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n');
  assert.equal(encrypt.length, 1);
  assert.match(encrypt[0]!.message, /clients are refused/);
  assert.deepEqual(tlsFindings('', '127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n'), []);
  assert.equal(tlsFindings('', 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n').length, 1);
  // verify and secure are encrypt to smtpd (with a warning in its log).
  assert.match(tlsFindings('', '127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=verify\n')[0]?.message ?? '', /security level encrypt/);
});

test('a pass service behind postscreen is public; a unix one is local', () => {
  const main = `smtpd_tls_security_level = none\n${CERT}`;
  assert.equal(tlsFindings(main, 'smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n').length, 1);
  assert.deepEqual(tlsFindings(main, 'smtpd unix - - y - - smtpd\n'), []);
});
