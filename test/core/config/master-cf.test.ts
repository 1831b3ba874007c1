// master.cf: services, the eight fields, continuation lines, -o in every spelling, with ranges, and
// the malformed -o that postconf drops silently but the daemon dies on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMasterCf } from '../../../server/src/core/config/master-cf';

test('services with fields, command arguments and -o overrides in all their forms', () => {
  const p = parseMasterCf(
    [
      '# service type  private unpriv  chroot  wakeup  maxproc command + args',
      'smtp      inet  n       -       y       -       -       smtpd',
      'submission inet n       -       y       -       -       smtpd',
      '  -o syslog_name=postfix/submission',
      '  -o { smtpd_tls_security_level = encrypt }',
      '  -osmtpd_sasl_auth_enable=yes',
      'pickup    unix  n       -       y       60      1       pickup',
    ].join('\n') + '\n',
  );
  assert.deepEqual(p.findings, []);
  assert.deepEqual(p.services.map((s) => s.id), ['smtp/inet', 'submission/inet', 'pickup/unix']);
  const sub = p.services[1];
  assert.deepEqual(sub.overrides.map((o) => [o.name, o.value, o.braced]), [
    ['syslog_name', 'postfix/submission', false],
    ['smtpd_tls_security_level', 'encrypt', true],
    ['smtpd_sasl_auth_enable', 'yes', false],
  ]);
  assert.deepEqual(sub.overrides[1].nameRange, { start: { line: 4, character: 7 }, end: { line: 4, character: 31 } });
  assert.deepEqual(sub.overrides[1].valueRange, { start: { line: 4, character: 34 }, end: { line: 4, character: 41 } });
  assert.equal(p.services[2].fields[5].text, '60');
});

test('spaces around "=" in a short -o: reported, and later -o are no longer options', () => {
  const p = parseMasterCf('submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable = yes\n  -o smtpd_tls_security_level=encrypt\n');
  assert.deepEqual(p.services[0].overrides, []);
  // smtpd takes no arguments after its options: it stops ("unexpected command-line argument: =").
  assert.deepEqual(p.findings.map((f) => [f.code, f.severity]), [
    ['malformed-override', 'error'],
    ['malformed-override', 'error'],
  ]);
  assert.match(p.findings[1].message, /unexpected command-line argument: =/);
  assert.match(p.findings[0].message, /spaces around "="/);
  assert.equal(p.findings[0].service, 'submission/inet');
});

test('-o without "=" and -o at the end of the line', () => {
  const p = parseMasterCf('a unix - - n - - smtpd -o smtpd_foo\nb unix - - n - - smtpd -o\n');
  assert.deepEqual(p.findings.map((f) => f.code), ['malformed-override', 'malformed-override']);
  assert.match(p.findings[0].message, /has no "="/);
  assert.match(p.findings[1].message, /no value/);
});

test('postconf splits an -o word at every "o" after the option letter; we follow and explain', () => {
  const p = parseMasterCf('smtp inet n - n - - smtpd -osyslog_name=x\n');
  assert.deepEqual(p.services[0].overrides.map((o) => `${o.name}=${o.value}`), ['g_name=x']);
  assert.equal(p.findings.length, 1);
  assert.match(p.findings[0].message, /postconf reads "-osyslog_name=x" as "-osysl" "-og_name=x"/);
});

test('wrong field counts and values are master-cf-syntax errors, as fatal as in Postfix', () => {
  const p = parseMasterCf('smtp inet n - y - -\nsmtp tcp n - y - - smtpd\nx unix q - y - - smtpd\ny unix n - y abc - smtpd\nz unix n - y - many smtpd\n');
  assert.deepEqual(p.findings.map((f) => f.code), Array(5).fill('master-cf-syntax'));
  assert.match(p.fatal!.message, /line 1: bad field count/);
  assert.equal(p.services.length, 0);
});
