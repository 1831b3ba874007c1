// submission-auth-before-tls: AUTH offered on port 587 before TLS, per service as smtpd decides it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { submissionAuthBeforeTlsRule } from '../../../server/src/core/rules/submission/submission-auth-before-tls';

function found(main: string, master: string | null, unread = false) {
  const a = analyzeConfig(main, master, { version: '3.7', ...(unread ? { unread: { file: 'main.cf' as const, size: 4 << 20, limit: 1 << 20 } } : {}) });
  return runRules(a)
    .filter((f) => f.code === 'submission-auth-before-tls')
    .map((f) => ({ line: f.range.start.line + 1, service: f.service, severity: f.severity, message: f.message }));
}

const SUB = (...o: string[]) => `smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n${o.map((x) => `  -o ${x}\n`).join('')}`;

test('SASL on and TLS optional (may, no level, none): an error on the service line, with what to add', () => {
  for (const main of ['smtpd_tls_security_level = may\n', '', 'smtpd_tls_security_level = none\n', 'smtpd_use_tls = yes\n']) {
    const f = found(main, SUB('smtpd_sasl_auth_enable=yes'));
    assert.deepEqual(f.map((x) => [x.line, x.service, x.severity]), [[2, 'submission/inet', 'error']], main);
    assert.match(f[0]!.message, /^submission\/inet offers SASL authentication before TLS .*send its password in clear text\. Add -o smtpd_tls_security_level=encrypt to this service\.$/);
  }
});

test('encrypt (or secure, verify, fingerprint), legacy smtpd_enforce_tls, smtpd_tls_auth_only or wrapper mode: AUTH waits for TLS', () => {
  const ok = [
    ['', SUB('smtpd_sasl_auth_enable=yes', 'smtpd_tls_security_level=encrypt')],
    ['smtpd_tls_security_level = ENCRYPT\nsmtpd_sasl_auth_enable = yes\n', SUB()],
    ['smtpd_tls_security_level = verify\n', SUB('smtpd_sasl_auth_enable=yes')],
    ['smtpd_enforce_tls = yes\n', SUB('smtpd_sasl_auth_enable=yes')],
    ['smtpd_tls_security_level = may\n', SUB('smtpd_sasl_auth_enable=yes', 'smtpd_tls_auth_only=yes')],
    ['', SUB('smtpd_sasl_auth_enable=yes', 'smtpd_tls_wrappermode=yes')],
  ];
  for (const [main, master] of ok) assert.deepEqual(found(main!, master!), [], `${main} ${master}`);
  // A level, once set, decides alone: "may" turns the legacy smtpd_enforce_tls = yes off (smtpd.c).
  assert.equal(found('smtpd_enforce_tls = yes\nsmtpd_tls_security_level = may\n', SUB('smtpd_sasl_auth_enable=yes')).length, 1);
});

test('SASL off, port 465, port 25, no master.cf, an invalid level, a malformed -o, main.cf unread: not judged', () => {
  assert.deepEqual(found('smtpd_tls_security_level = may\n', SUB()), []);
  assert.deepEqual(found('smtpd_sasl_auth_enable = yes\n', 'smtp inet n - y - - smtpd\nsmtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=no\n'), []);
  assert.deepEqual(found('smtpd_sasl_auth_enable = yes\n', null), []);
  assert.deepEqual(found('smtpd_tls_security_level = mayy\n', SUB('smtpd_sasl_auth_enable=yes')), []);
  assert.deepEqual(found('', 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable = yes\n'), []);
  // main.cf unread: its level is unknown, unless the service sets every value itself.
  assert.deepEqual(found('', SUB('smtpd_sasl_auth_enable=yes'), true), []);
  const own = SUB('smtpd_sasl_auth_enable=yes', 'smtpd_tls_security_level=may', 'smtpd_tls_auth_only=no', 'smtpd_enforce_tls=no', 'smtpd_tls_wrappermode=no');
  assert.equal(found('', own, true).length, 1);
});

test('the quick fix sets an existing -o level to encrypt, or adds one; the finding goes away', () => {
  for (const [master, after] of [
    [SUB('smtpd_tls_security_level=may', 'smtpd_sasl_auth_enable=yes'), SUB('smtpd_tls_security_level=encrypt', 'smtpd_sasl_auth_enable=yes')],
    ['submission inet n - y - - smtpd -v\n', 'submission inet n - y - - smtpd -v\n  -o smtpd_tls_security_level=encrypt\n'],
    ['submission inet n - y - - smtpd\r\n  -o smtpd_sasl_auth_enable=yes\r\n', 'submission inet n - y - - smtpd\r\n  -o smtpd_tls_security_level=encrypt\r\n  -o smtpd_sasl_auth_enable=yes\r\n'],
  ]) {
    const main = 'smtpd_sasl_auth_enable = yes\n';
    const a = analyzeConfig(main, master!, { version: '3.7' });
    const f = runRules(a).find((x) => x.code === 'submission-auth-before-tls');
    assert.ok(f, master);
    const fixes = submissionAuthBeforeTlsRule.fixes!(a, { ...f, file: 'master.cf', data: { ...f.data } });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]!.title, 'Require TLS first: -o smtpd_tls_security_level=encrypt');
    let text = master!;
    const e = fixes[0]!.edits[0]!;
    const idx = a.master!.index;
    text = text.slice(0, idx.offsetAt(e.range.start)) + e.newText + text.slice(idx.offsetAt(e.range.end));
    assert.equal(text, after);
    assert.deepEqual(found(main, text), []);
  }
  // A finding from an older version of the text: the service no longer offers AUTH early, no fix.
  const a = analyzeConfig('', SUB('smtpd_sasl_auth_enable=yes', 'smtpd_tls_security_level=encrypt'), { version: '3.7' });
  assert.deepEqual(submissionAuthBeforeTlsRule.fixes!(a, { code: 'submission-auth-before-tls', file: 'master.cf', range: a.master!.services[1]!.fields[0]!.range, data: { service: 'submission/inet' } }), []);
});
