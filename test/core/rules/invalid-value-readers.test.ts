// invalid-value judged as the programs that read a parameter see it: a master.cf daemon applies its
// service's -o overrides first (as `postconf -P -x` shows), every other program reads main.cf alone.
// A main.cf value wrong only without the overrides, for services that all supply them, is no error;
// one wrong for some readers names them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';

function invalid(main: string, master: string | null): { file: string; line: number; message: string; service?: string }[] {
  const a = analyzeConfig(main, master, { version: '3.7' });
  return runRules(a)
    .filter((f) => f.code === 'invalid-value')
    .map((f) => ({ file: f.file ?? 'main.cf', line: f.range.start.line + 1, message: f.message, ...(f.service ? { service: f.service } : {}) }));
}

const FILTER = '127.0.0.1:10025 inet n - n - - smtpd\n  -o content_filter=\n  -o custom_banner=filter\n';

test('smtpd_banner = $custom_banner with every smtpd service setting custom_banner by -o: no finding', () => {
  const master = `smtp inet n - y - - smtpd\n  -o custom_banner=mx\nsubmission inet n - y - - smtpd\n  -o custom_banner=submission\n${FILTER}pickup unix n - y 60 1 pickup\n`;
  assert.deepEqual(invalid('smtpd_banner = $custom_banner\n', master), []);
  // The same for any parameter a daemon reads with a minimum: a time, a number, a yes/no.
  const m2 = 'smtp inet n - y - - smtpd\n  -o my_timeout=300s\n  -o my_limit=10\n  -o my_flag=yes\n';
  assert.deepEqual(invalid('smtpd_timeout = $my_timeout\nsmtpd_client_connection_count_limit = $my_limit\nsmtpd_sasl_auth_enable = $my_flag\n', m2), []);
});

test('a service that reads the value without the override gets the finding, by name', () => {
  const master = `smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o custom_banner=submission\n${FILTER}`;
  assert.deepEqual(invalid('smtpd_banner = $custom_banner\n', master), [
    {
      file: 'main.cf',
      line: 1,
      message: 'smtpd_banner = "$custom_banner" (which expands to "" for smtp/inet): this parameter must not be empty. Postfix stops with a fatal error when it reads this.',
    },
  ]);
  // A service written on two lines shares its -o settings and is named once.
  assert.match(invalid('smtpd_banner = $custom_banner\n', 'smtp inet n - y - - smtpd\nsmtp inet n - y - - smtpd\n')[0]?.message ?? '', /It is read by smtp\/inet\.$/);
  // postscreen reads smtpd_banner too.
  const ps = `smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n  -o custom_banner=mx\n${FILTER}`;
  assert.match(invalid('smtpd_banner = $custom_banner\n', ps)[0]?.message ?? '', /for smtp\/inet\)/);
  // Every reader: no list in the expansion, the readers named after it.
  const all = invalid('smtpd_banner = $custom_banner\n', 'smtp inet n - y - - smtpd\n2525 inet n - y - - smtpd\n');
  assert.equal(all.length, 1);
  assert.match(all[0]!.message, /\(which expands to ""\): .* It is read by smtp\/inet and 2525\/inet\.$/);
});

test('an override reaches the value through other names and through defaults', () => {
  const via = 'smtpd_banner = $greeting\ngreeting = ${custom_banner}\n';
  assert.deepEqual(invalid(via, 'smtp inet n - y - - smtpd\n  -o custom_banner=mx\n'), []);
  assert.match(invalid(via, 'smtp inet n - y - - smtpd\n  -o custom_banner=mx\n2525 inet n - y - - smtpd\n')[0]?.message ?? '', /for 2525\/inet\)/);
  // $myorigin is not in main.cf: its default is $myhostname, which the service empties.
  const f = invalid('smtpd_banner = $myorigin\nmyhostname = mail.example.com\n', 'smtp inet n - y - - smtpd\n2525 inet n - y - - smtpd\n  -o myhostname=\n');
  assert.match(f[0]?.message ?? '', /^smtpd_banner = "\$myorigin" \(which expands to "" for 2525\/inet\)/);
});

test('an -o that makes a valid main.cf value invalid for its service is found', () => {
  const f = invalid('custom_banner = mail.example.com ESMTP\nsmtpd_banner = $custom_banner\n', `smtp inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n  -o custom_banner=\n`);
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /^smtpd_banner = "\$custom_banner" \(which expands to "" for 127\.0\.0\.1:10025\/inet\)/);
});

test('a service that sets the parameter itself never reads main.cf\'s value', () => {
  const master = 'smtp inet n - y - - smtpd\n  -o smtpd_banner=$myhostname_ESMTP_ready\n';
  // main.cf's empty banner is read by no one: every smtpd service has its own.
  assert.deepEqual(
    invalid('smtpd_banner =\n', 'smtp inet n - y - - smtpd\n  -o smtpd_banner=mx.example.com\n'),
    [],
  );
  assert.equal(invalid('smtpd_banner =\n', master).length, 1, 'the -o itself expands to nothing');
});

test('a parameter of a daemon master.cf does not run is read by nobody', () => {
  const noVirtual = 'smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n';
  assert.deepEqual(invalid('virtual_mailbox_base =\nvirtual_minimum_uid = @VMAIL_UID@\n', noVirtual), []);
  const withVirtual = `${noVirtual}virtual unix - n n - - virtual\n`;
  assert.deepEqual(
    invalid('virtual_mailbox_base =\nvirtual_minimum_uid = @VMAIL_UID@\n', withVirtual).map((f) => f.message),
    [
      'virtual_mailbox_base = "": this parameter must not be empty. Postfix stops with a fatal error when it reads this. It is read by virtual/unix.',
      'virtual_minimum_uid = "@VMAIL_UID@": this needs a whole number. Postfix stops with a fatal error when it reads this. It is read by virtual/unix.',
    ],
  );
  // Without master.cf nothing is known about the services: judged as main.cf says.
  assert.equal(invalid('virtual_mailbox_base =\n', null).length, 1);
});

test('what programs outside master.cf read is judged with main.cf alone, and named', () => {
  const master = 'smtp inet n - y - - smtpd\n  -o my_name=mx.example.com\n';
  // myhostname is read by every program, sendmail and the postfix command included: no -o helps.
  const f = invalid('myhostname = $my_name\n', master);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.message, 'myhostname = "$my_name" (which expands to ""): this parameter must not be empty. Postfix stops with a fatal error when it reads this.');
  // sendmail_path is the postfix command's.
  assert.equal(
    invalid('sendmail_path =\n', master)[0]?.message,
    'sendmail_path = "": this parameter must not be empty. Postfix stops with a fatal error when it reads this. It is read by the postfix command.',
  );
});

test('an -o for a parameter its service\'s program never reads is not judged', () => {
  const master = 'pickup unix n - y 60 1 pickup\n  -o smtpd_tls_security_level=mayy\nsmtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=mayy\n';
  assert.deepEqual(invalid('', master).map((f) => [f.line, f.service]), [[4, 'smtp/inet']]);
});

test('an empty value where the default itself comes out empty is what Postfix expects', () => {
  // postscreen and tlsproxy treat an empty level as unset (the default is $smtpd_tls_security_level).
  const main = 'postscreen_tls_security_level = $smtpd_tls_security_level\ntlsproxy_tls_security_level =\ndebugger_command =\n';
  assert.deepEqual(invalid(main, null), []);
  assert.equal(invalid('postscreen_tls_security_level = bogus\n', null).length, 1);
});
