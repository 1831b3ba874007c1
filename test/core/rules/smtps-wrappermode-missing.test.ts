// smtps-wrappermode-missing: port 465 without implicit TLS, judged per service with its own -o.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { smtpsWrappermodeMissingRule } from '../../../server/src/core/rules/submission/smtps-wrappermode-missing';

function found(main: string, master: string | null) {
  const a = analyzeConfig(main, master, { version: '3.7' });
  return runRules(a)
    .filter((f) => f.code === 'smtps-wrappermode-missing')
    .map((f) => ({ line: f.range.start.line + 1, file: f.file, message: f.message }));
}

test('every spelling of port 465 without wrapper mode is an error on the service line', () => {
  for (const name of ['submissions', 'smtps', '465', '0.0.0.0:465', '[::]:465', 'mail.example.com:smtps']) {
    const f = found('', `smtp inet n - y - - smtpd\n${name} inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n`);
    assert.equal(f.length, 1, name);
    assert.equal(f[0]!.line, 2, name);
    assert.equal(f[0]!.file, 'master.cf');
    assert.match(f[0]!.message, /listens on port 465, where clients expect implicit TLS, but smtpd_tls_wrappermode is not yes/);
  }
});

test('wrapper mode from the service -o or from main.cf: no finding; -o no overrides main.cf yes for that service only', () => {
  assert.deepEqual(found('', 'submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n'), []);
  assert.deepEqual(found('smtpd_tls_wrappermode = yes\n', 'smtps inet n - y - - smtpd\n'), []);
  const f = found('smtpd_tls_wrappermode = yes\n', 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=no\n465 inet n - y - - smtpd\n');
  assert.deepEqual(f.map((x) => x.line), [2]);
});

test('other ports, commented-out services, non-smtpd commands and a configuration without master.cf: no finding', () => {
  assert.deepEqual(found('', 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n2525 inet n - y - - smtpd\n'), []);
  // Debian's stock master.cf ships the smtps block commented out.
  assert.deepEqual(found('', 'smtp inet n - y - - smtpd\n#smtps     inet  n       -       y       -       -       smtpd\n#  -o syslog_name=postfix/smtps\n'), []);
  assert.deepEqual(found('', 'smtps inet n - y - - proxymap\n'), []);
  assert.deepEqual(found('smtpd_tls_wrappermode = no\n', null), []);
});

test('the quick fix adds -o smtpd_tls_wrappermode=yes and the finding goes away', () => {
  const master = 'smtps inet n - y - - smtpd\n  -o syslog_name=postfix/smtps\n  -o smtpd_tls_wrappermode=no\n';
  const a = analyzeConfig('', master, { version: '3.7' });
  const f = runRules(a).find((x) => x.code === 'smtps-wrappermode-missing');
  assert.ok(f);
  assert.equal(f.range.start.line, 2);
  const actions = smtpsWrappermodeMissingRule.fixes!(a, { ...f, file: 'master.cf' });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.title, 'Turn on implicit TLS: -o smtpd_tls_wrappermode=yes');
  assert.deepEqual(actions[0]!.edits.map((e) => e.newText), ['yes']);
  const after = 'smtps inet n - y - - smtpd\n  -o syslog_name=postfix/smtps\n  -o smtpd_tls_wrappermode=yes\n';
  assert.deepEqual(found('', after), []);
});
