// Messages that depend on the Postfix version judge by the target version (--postfix-version, the
// installed one, else 3.7): a parameter is obsolete only once the target has made it so; a name or a
// value a later release adds is reported as "from Postfix X on, not by <target>".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { parameterHover } from '../../../server/src/core/hover/parameter-hover';
import { complete } from '../../../server/src/core/completion/index';

function messages(main: string, version: string, code: string, master: string | null = null): string[] {
  return runRules(analyzeConfig(main, master, { version }))
    .filter((f) => f.code === code)
    .map((f) => f.message);
}

test('deprecated-parameter: nothing for a parameter that only a later release makes obsolete', () => {
  // smtpd_tls_dh1024_param_file is the way to set DH parameters up to 3.8; obsolete from 3.9.
  const main = 'smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem\ntls_low_cipherlist = aNULL:-aNULL:ALL:!EXPORT:+RC4:@STRENGTH\n';
  for (const v of ['3.7', '3.7.11', '3.6']) assert.deepEqual(messages(main, v, 'deprecated-parameter'), [], v);
  assert.deepEqual(messages(main, '3.8', 'deprecated-parameter'), ['tls_low_cipherlist is obsolete since Postfix 3.8. Ignored from 3.8 on; the low grade is treated as medium.']);
  assert.deepEqual(messages(main, '3.9', 'deprecated-parameter'), [
    'smtpd_tls_dh1024_param_file is obsolete since Postfix 3.9. Leave unset; the built-in FFDHE groups are preferred.',
    'tls_low_cipherlist is obsolete since Postfix 3.8. Ignored from 3.8 on; the low grade is treated as medium.',
  ]);
  // In master.cf too.
  const master = 'smtp inet n - y - - smtpd\n  -o smtpd_tls_dh1024_param_file=/etc/postfix/dh2048.pem\n';
  assert.deepEqual(messages('', '3.7', 'deprecated-parameter', master), []);
  assert.equal(messages('', '3.10', 'deprecated-parameter', master).length, 1);
});

test('deprecated-parameter: what the target has made obsolete is still reported, with its successor', () => {
  assert.deepEqual(messages('smtpd_use_tls = yes\n', '3.7', 'deprecated-parameter'), [
    'smtpd_use_tls is obsolete since Postfix 2.3: use smtpd_tls_security_level instead. Superseded by the TLS security level.',
  ]);
  // Renamed in 3.7 (smtpd_per_request_deadline): not obsolete for a 3.6 server, which has no successor.
  assert.deepEqual(messages('smtpd_per_record_deadline = yes\n', '3.6', 'deprecated-parameter'), []);
  assert.match(messages('smtpd_per_record_deadline = yes\n', '3.7', 'deprecated-parameter')[0] ?? '', /^smtpd_per_record_deadline is obsolete since Postfix 3\.7: use smtpd_per_request_deadline instead\./);
});

test('hover and completion say the same: obsolete from 3.9 on is not obsolete in 3.7', () => {
  const hoverText = (version: string) => parameterHover(analyzeConfig('', null, { version }), 'smtpd_tls_dh1024_param_file', null);
  // (Markdown: the dots are escaped.)
  assert.match(hoverText('3.7'), /Obsolete from Postfix 3\\\.9 on, not in 3\\\.7/);
  assert.match(hoverText('3.9'), /Obsolete since Postfix 3\\\.9\./);
  const item = (version: string) => {
    const a = analyzeConfig('smtpd_tls_dh10\n', null, { version });
    const r = complete(a, 'main.cf', { line: 0, character: 14 });
    return ('items' in r ? r.items : []).find((i) => i.label === 'smtpd_tls_dh1024_param_file');
  };
  assert.equal(item('3.7')?.deprecated, undefined);
  assert.equal(item('3.9')?.deprecated, true);
});

test('unknown-parameter and invalid-value name the release that adds a name or a value', () => {
  assert.deepEqual(messages('smtp_tls_enable_rpk = yes\n', '3.7', 'unknown-parameter'), ['smtp_tls_enable_rpk was added in Postfix 3.9; Postfix 3.7 does not know it and ignores this line.']);
  assert.deepEqual(messages('smtp_tls_enable_rpk = yes\n', '3.9', 'unknown-parameter'), []);
  assert.deepEqual(messages('smtpd_forbid_bare_newline = note\n', '3.7', 'invalid-value'), ['smtpd_forbid_bare_newline = "note": "note" is accepted from Postfix 3.9 on, not by 3.7.']);
  assert.deepEqual(messages('smtpd_forbid_bare_newline = note\n', '3.9', 'invalid-value'), []);
});
