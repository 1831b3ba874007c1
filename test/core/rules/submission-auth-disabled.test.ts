// submission-auth-disabled: a submission or port-465 service without SASL AUTH, per service.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';

function found(main: string, master: string | null) {
  const a = analyzeConfig(main, master, { version: '3.7' });
  return runRules(a)
    .filter((f) => f.code === 'submission-auth-disabled')
    .map((f) => ({ line: f.range.start.line + 1, service: f.service, message: f.message }));
}

test('submission and smtps without smtpd_sasl_auth_enable = yes: one error per service, on its line', () => {
  const master = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\nsmtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n';
  const f = found('', master);
  assert.deepEqual(f.map((x) => [x.line, x.service]), [[2, 'submission/inet'], [4, 'smtps/inet']]);
  assert.match(f[0]!.message, /^SASL authentication is off for submission\/inet \(smtpd_sasl_auth_enable is not yes\)/);
});

test('main.cf yes covers every service; a service -o no overrides it for that service only, reported on the -o', () => {
  const master = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=no\n587 inet n - y - - smtpd\n';
  assert.deepEqual(found('smtpd_sasl_auth_enable = yes\n', master).map((x) => x.line), [3]);
  assert.deepEqual(found('', 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n'), []);
});

test('port 25, commented-out services and a configuration without master.cf: no finding', () => {
  assert.deepEqual(found('', 'smtp inet n - y - - smtpd\n#submission inet n - y - - smtpd\n#  -o smtpd_tls_security_level=encrypt\n'), []);
  assert.deepEqual(found('', null), []);
});

test('a service that does not start (a malformed -o) or main.cf left unread: not judged', () => {
  // "-o name = value" splits into words: the daemon refuses to start, and malformed-override says so.
  const broken = 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable = yes\n';
  assert.deepEqual(found('', broken), []);
  const codes = runRules(analyzeConfig('', broken, { version: '3.7' })).map((f) => f.code);
  assert.ok(codes.includes('malformed-override'), codes.join());
  // main.cf too large to read: what it says about SASL is unknown, unless the service's own -o says it.
  const master = 'submission inet n - y - - smtpd\nsmtps inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=no\n';
  const unread = analyzeConfig('', master, { version: '3.7', unread: { file: 'main.cf', size: 4 << 20, limit: 1 << 20 } });
  assert.deepEqual(runRules(unread).filter((f) => f.code === 'submission-auth-disabled').map((f) => f.service), ['smtps/inet']);
});
