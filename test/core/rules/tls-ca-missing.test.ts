// tls-ca-missing: verify or secure (or the older smtp_enforce_tls with peer name checks) without any
// CA to verify with; OpenSSL's default store counts only with tls_append_default_CA = yes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { quickFixes } from '../../../server/src/core/navigation/quick-fixes';
import type { TableConfigFile } from '../../../server/src/core/config/postconf-model';

function findings(main: string, master: string | null = null, tableConfigFiles?: ReadonlyMap<string, TableConfigFile>) {
  const a = analyzeConfig(main, master, { version: '3.7', tableConfigFiles });
  return runRules(a)
    .filter((f) => f.code === 'tls-ca-missing')
    .map((f) => ({ line: f.range.start.line + 1, file: f.file ?? 'main.cf', severity: f.severity, message: f.message, fixes: quickFixes(a, { code: f.code, range: f.range, file: f.file ?? 'main.cf', data: f.data }) }));
}

test('verify and secure without a CA file: an error on the level line, naming the bundle to set; no fix offered', () => {
  for (const level of ['verify', 'secure', 'Secure']) {
    const f = findings(`smtp_tls_security_level = ${level}\n`);
    assert.deepEqual(f.map((x) => [x.line, x.severity]), [[1, 'error']], level);
    assert.match(f[0]!.message, /^the SMTP client must verify servers \(security level (verify|secure)\) but smtp_tls_CAfile, smtp_tls_CApath and smtp_tls_trust_anchor_file are empty, and tls_append_default_CA = no.*Set smtp_tls_CAfile/);
    assert.deepEqual(f[0]!.fixes, []);
  }
});

test('any source of trust, or another level: no finding', () => {
  for (const extra of ['smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt', 'smtp_tls_CApath = /etc/ssl/certs', 'smtp_tls_trust_anchor_file = /etc/postfix/ta.pem', 'tls_append_default_CA = yes']) {
    assert.deepEqual(findings(`smtp_tls_security_level = verify\n${extra}\n`), [], extra);
  }
  for (const level of ['may', 'encrypt', 'dane', 'fingerprint', 'none']) assert.deepEqual(findings(`smtp_tls_security_level = ${level}\n`), [], level);
});

test('the older smtp_enforce_tls checks peer names by default: it needs a CA too, unless smtp_tls_enforce_peername = no', () => {
  const f = findings('smtp_enforce_tls = yes\n');
  assert.deepEqual(f.map((x) => x.line), [1]);
  assert.match(f[0]!.message, /security level verify/);
  assert.deepEqual(findings('smtp_enforce_tls = yes\nsmtp_tls_enforce_peername = no\n'), []);
  assert.deepEqual(findings('smtp_tls_security_level = may\nsmtp_enforce_tls = yes\n'), [], 'the level wins over the older setting');
});

test('per service: a relay with -o secure is found on its -o; a CA file given with -o is enough', () => {
  const master = ['smtp unix - - y - - smtp', 'relay unix - - y - - smtp', '  -o smtp_tls_security_level=secure', 'bank unix - - y - - smtp', '  -o smtp_tls_security_level=verify', '  -o smtp_tls_CAfile=/etc/postfix/bank-ca.pem', ''].join('\n');
  const f = findings('smtp_tls_security_level = may\n', master);
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['master.cf', 3]]);
  assert.match(f[0]!.message, /^relay\/unix must verify servers \(security level secure\)/);
});

test('verify or secure policies of an inline: or static: table need a CA too, unless the policy names its own tafile=', () => {
  const f = findings('smtp_tls_policy_maps = inline:{ { example.org = secure match=nexthop }, example.net=may }\n');
  assert.deepEqual(f.map((x) => x.line), [1]);
  assert.match(f[0]!.message, /^the SMTP client must verify servers \(smtp_tls_policy_maps: example\.org secure\)/);
  assert.equal(findings('smtp_tls_policy_maps = static:{verify}\n').length, 1);
  assert.deepEqual(findings('smtp_tls_policy_maps = inline:{ { example.org = secure tafile=/etc/postfix/example-ta.pem } }\n'), []);
  assert.deepEqual(findings('smtp_tls_policy_maps = inline:{ example.org=secure }\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n'), []);
});

test('verify or secure policies in a texthash: or hash: file need a CA too; a policy value may go on over continuation lines', () => {
  const table = (text: string) => new Map<string, TableConfigFile>([['/etc/postfix/tls_policy', { ok: true, text }]]);
  const f = findings('smtp_tls_policy_maps = texthash:/etc/postfix/tls_policy\n', null, table('example.net may\nexample.org verify\n  match=hostname:nexthop\n'));
  assert.deepEqual(f.map((x) => [x.line, x.severity]), [[1, 'error']]);
  assert.match(f[0]!.message, /^the SMTP client must verify servers \(smtp_tls_policy_maps: example\.org verify, in \/etc\/postfix\/tls_policy\)/);
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n', null, table('example.org secure\n tafile=/etc/postfix/example-ta.pem\n')), [], 'tafile= on a continuation line');
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n', null, table('example.org secure\n')), []);
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n', null, table('example.org may\n')), []);
});
