// dane-needs-dnssec judged per SMTP/LMTP client as smtp(8) does (smtp_tls_policy.c dane_init):
// DANE needs smtp_dns_support_level = dnssec and dns in smtp_host_lookup; "dane" then falls back to
// may (a warning), "dane-only" defers (an error). The finding sits on the line that asks for DANE.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { quickFixes } from '../../../server/src/core/navigation/quick-fixes';
import type { TableConfigFile } from '../../../server/src/core/config/postconf-model';

function findings(main: string, master: string | null = null, tableConfigFiles?: ReadonlyMap<string, TableConfigFile>) {
  const a = analyzeConfig(main, master, { version: '3.7', tableConfigFiles });
  return {
    a,
    list: runRules(a)
      .filter((f) => f.code === 'dane-needs-dnssec')
      .map((f) => ({ line: f.range.start.line + 1, file: f.file ?? 'main.cf', severity: f.severity, message: f.message, f })),
  };
}

test('dane without smtp_dns_support_level: a warning on the level line that says DANE falls back to opportunistic TLS', () => {
  const { list } = findings('myhostname = mx.example.com\nsmtp_tls_security_level = dane\n');
  assert.equal(list.length, 1);
  assert.deepEqual([list[0]!.line, list[0]!.file, list[0]!.severity], [2, 'main.cf', 'warning']);
  assert.match(list[0]!.message, /^the SMTP client asks for DANE \(smtp_tls_security_level = dane\) but smtp_dns_support_level is not set \(DNS without DNSSEC\): .*falls back to opportunistic TLS.*Set smtp_dns_support_level = dnssec/);
});

test('dane-only is an error: every delivery is deferred; enabled and disable_dns_lookups are named as the reason', () => {
  const only = findings('smtp_tls_security_level = dane-only\nsmtp_dns_support_level = enabled\n').list;
  assert.deepEqual(only.map((x) => [x.line, x.severity]), [[1, 'error']]);
  assert.match(only[0]!.message, /but smtp_dns_support_level = enabled: smtp\(8\) treats the policy as invalid and defers every delivery/);
  const off = findings('smtp_tls_security_level = dane\ndisable_dns_lookups = yes\n').list;
  assert.match(off[0]!.message, /DNS lookups are off \(disable_dns_lookups = yes\)/);
});

test('no finding with dnssec, with another level, or with dane set on a service that is not a client', () => {
  assert.deepEqual(findings('smtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n').list, []);
  assert.deepEqual(findings('smtp_tls_security_level = may\n').list, []);
  assert.deepEqual(findings('smtp_tls_security_level = $lvl\nlvl = dane\nsmtp_dns_support_level = dnssec\n').list, []);
  assert.equal(findings('smtp_tls_security_level = $lvl\nlvl = dane\n').list.length, 1, 'the expanded value counts');
  // smtpd reads smtpd_*: an -o smtp_tls_security_level on smtpd changes no client.
  assert.deepEqual(findings('', 'smtp inet n - y - - smtpd\n  -o smtp_tls_security_level=dane\n').list, []);
});

test('dnssec without dns in smtp_host_lookup: still no DANE; the fix is then not offered', () => {
  const { a, list } = findings('smtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\nsmtp_host_lookup = native\n');
  assert.equal(list.length, 1);
  assert.match(list[0]!.message, /smtp_host_lookup does not include dns.*Add dns to smtp_host_lookup/);
  assert.deepEqual(quickFixes(a, { code: 'dane-needs-dnssec', range: list[0]!.f.range, file: 'main.cf', data: list[0]!.f.data }), []);
});

test('per service: the -o that asks for DANE carries the finding; a service with its own dnssec has none; lmtp reads lmtp_*', () => {
  const master = [
    'smtp  unix - - y - - smtp',
    'relay unix - - y - - smtp',
    '  -o smtp_tls_security_level=dane-only',
    'dane  unix - - y - - smtp',
    '  -o smtp_tls_security_level=dane',
    '  -o smtp_dns_support_level=dnssec',
    'lmtp  unix - - y - - lmtp',
    '  -o lmtp_tls_security_level=dane',
    '',
  ].join('\n');
  const { list } = findings('smtp_tls_security_level = may\n', master);
  assert.deepEqual(list.map((x) => [x.file, x.line, x.severity]), [
    ['master.cf', 3, 'error'],
    ['master.cf', 8, 'warning'],
  ]);
  assert.match(list[0]!.message, /^relay\/unix asks for DANE/);
  assert.match(list[1]!.message, /lmtp_tls_security_level = dane\) but lmtp_dns_support_level is not set.*Set lmtp_dns_support_level = dnssec/);
});

test('main.cf asks for DANE for two client services: one finding naming both; the fix adds dnssec to main.cf', () => {
  const { a, list } = findings('smtp_tls_security_level = dane\n', 'smtp unix - - y - - smtp\nrelay unix - - y - - smtp\n');
  assert.equal(list.length, 1);
  assert.match(list[0]!.message, /^smtp\/unix and relay\/unix ask for DANE/);
  const fixes = quickFixes(a, { code: 'dane-needs-dnssec', range: list[0]!.f.range, file: 'main.cf', data: list[0]!.f.data });
  assert.deepEqual(fixes.map((x) => [x.title, x.edits.map((e) => e.newText)]), [['Look up DNSSEC: smtp_dns_support_level = dnssec', ['\nsmtp_dns_support_level = dnssec']]]);
  // Once dnssec is set, the editor's stale finding gets no fix.
  const after = analyzeConfig('smtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n', 'smtp unix - - y - - smtp\n', { version: '3.7' });
  assert.deepEqual(quickFixes(after, { code: 'dane-needs-dnssec', range: list[0]!.f.range, file: 'main.cf', data: list[0]!.f.data }), []);
});

test('a dane or dane-only policy in an inline: or static: smtp_tls_policy_maps table: found on the table setting, fixed beside it', () => {
  const main = 'smtp_tls_security_level = may\nsmtp_tls_policy_maps = inline:{ example.org=dane-only, { [mx.example.net]:25 = dane } }\n';
  const { a, list } = findings(main);
  assert.deepEqual(list.map((x) => [x.line, x.severity]), [[2, 'error']], 'one finding for the table line, as the first policy says');
  assert.match(list[0]!.message, /^the SMTP client asks for DANE \(smtp_tls_policy_maps: example\.org dane-only\) but smtp_dns_support_level is not set/);
  const fixes = quickFixes(a, { code: 'dane-needs-dnssec', range: list[0]!.f.range, file: 'main.cf', data: list[0]!.f.data });
  assert.deepEqual(fixes.map((x) => x.edits.map((e) => [e.range.start.line, e.newText])), [[[1, '\nsmtp_dns_support_level = dnssec']]]);
  assert.equal(findings('smtp_tls_policy_maps = static:{dane-only}\n').list.length, 1);
  assert.equal(findings('smtp_tls_policy_maps = static:dane\n').list.length, 1);
  assert.deepEqual(findings('smtp_tls_policy_maps = inline:{ example.org=dane-only }\nsmtp_dns_support_level = dnssec\n').list, []);
  assert.deepEqual(findings('smtp_tls_policy_maps = inline:{ example.org=may, example.net=secure }\n').list, []);
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n').list, [], 'a table in a file whose text was not given is not judged');
});

test('policy tables in files: the text source is parsed as postmap reads it (comments, continuation lines, key then policy)', () => {
  const text = '# TLS policies\nexample.com   may\n[mx.example.net]:25\n    dane-only\n  # a comment inside the entry\n\nexample.org\tdane\n';
  const files = new Map<string, TableConfigFile>([['/etc/postfix/tls_policy', { ok: true, text }]]);
  for (const type of ['hash', 'lmdb', 'btree', 'texthash']) {
    const { a, list } = findings(`smtp_tls_policy_maps = ${type}:/etc/postfix/tls_policy\n`, null, files);
    assert.deepEqual(list.map((x) => [x.line, x.severity]), [[1, 'error']], type);
    assert.match(list[0]!.message, /^the SMTP client asks for DANE \(smtp_tls_policy_maps: \[mx\.example\.net\]:25 dane-only, in \/etc\/postfix\/tls_policy\) but smtp_dns_support_level is not set/, type);
    assert.ok(a.model.tableConfigUsed.has('/etc/postfix/tls_policy'), 'the source is among the files the analysis used');
  }
  const wanted = analyzeConfig('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n', null, { tableConfigFiles: new Map() });
  assert.deepEqual([...wanted.model.tableConfigWanted], ['/etc/postfix/tls_policy'], 'an unread source is asked for');
  const only = (t: string) => findings('smtp_tls_policy_maps = texthash:/etc/postfix/tls_policy\n', null, new Map([['/etc/postfix/tls_policy', { ok: true, text: t }]])).list;
  assert.deepEqual(only('example.org may\n# example.net dane-only\n'), [], 'a commented-out entry is no policy');
  assert.deepEqual(only('   example.org dane-only\n'), [], 'a first line starting with blanks is ignored, as postmap does');
  assert.deepEqual(only('example.org\n'), [], 'a key without a value is no entry');
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n', null, new Map([['/etc/postfix/tls_policy', { ok: false, code: 'EACCES', message: 'permission denied' }]])).list, [], 'an unreadable table is not judged');
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\nsmtp_dns_support_level = dnssec\n', null, files).list, []);
  assert.deepEqual(findings('smtp_tls_policy_maps = hash:tls_policy\n', null, new Map([['tls_policy', { ok: true, text: 'example.org dane-only\n' }]])).list, [], 'a relative path is not read');
});
