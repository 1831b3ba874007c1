// submission-missing: no smtpd on 587 or 465 in master.cf; commented-out services do not count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';

function found(master: string | null) {
  const a = analyzeConfig('', master, { version: '3.7' });
  return runRules(a)
    .filter((f) => f.code === 'submission-missing')
    .map((f) => ({ line: f.range.start.line + 1, file: f.file, severity: f.severity, message: f.message }));
}

// The shape of Debian's stock master.cf: smtp on, submission and smtps commented out.
const DEBIAN = `#
# Postfix master process configuration file.
#
smtp      inet  n       -       y       -       -       smtpd
#smtp      inet  n       -       y       -       1       postscreen
#submission inet n       -       y       -       -       smtpd
#  -o syslog_name=postfix/submission
#  -o smtpd_tls_security_level=encrypt
#  -o smtpd_sasl_auth_enable=yes
#smtps     inet  n       -       y       -       -       smtpd
#  -o syslog_name=postfix/smtps
#  -o smtpd_tls_wrappermode=yes
pickup    unix  n       -       y       60      1       pickup
`;

test("Debian's stock master.cf, with submission commented out: a warning on the smtp service", () => {
  const f = found(DEBIAN);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.line, 4);
  assert.equal(f[0]!.file, 'master.cf');
  assert.equal(f[0]!.severity, 'warning');
  assert.match(f[0]!.message, /^master\.cf runs no submission service: neither port 587 \(submission\) nor port 465/);
});

test('postscreen on port 25 counts as receiving mail; a master.cf with no SMTP listener (a null client) gets no finding', () => {
  assert.deepEqual(found('pickup unix n - y 60 1 pickup\nsmtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n').map((x) => x.line), [2]);
  assert.deepEqual(found('pickup unix n - y 60 1 pickup\n'), []);
});

test('any spelling of 587 or 465 as an inet smtpd service is enough; other commands and types are not', () => {
  for (const s of ['submission', '587', '127.0.0.1:587', 'submissions', 'smtps', '[::]:465']) {
    assert.deepEqual(found(`smtp inet n - y - - smtpd\n${s} inet n - y - - smtpd\n`), [], s);
  }
  assert.equal(found('smtp inet n - y - - smtpd\nsubmission inet n - y - - proxymap\n').length, 1);
  assert.equal(found('smtp inet n - y - - smtpd\n2525 inet n - y - - smtpd\n').length, 1);
});

test('a configuration without master.cf gets no finding', () => {
  assert.deepEqual(found(null), []);
});
