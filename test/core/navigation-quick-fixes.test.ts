// Quick fixes from the findings' data: exact edits, applied to the text to show the result.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules, type ConfigAnalysis } from '../../server/src/core/validate';
import { quickFixes, type FixableFinding, type QuickFix } from '../../server/src/core/navigation/quick-fixes';
import { LineIndex } from '../../server/src/core/config/logical-lines';
import type { Finding } from '../../server/src/core/types';

function analyse(main: string, master: string | null = null): ConfigAnalysis {
  return analyzeConfig(main, master, { configDir: '/etc/postfix', version: '3.7' });
}

/** A finding as the editor sends it back (the server's toDiagnostic() adds name and service to data). */
function fixable(f: Finding): FixableFinding {
  return { code: f.code, range: f.range, file: f.file ?? 'main.cf', data: { ...f.data, name: f.name, service: f.service } };
}

function fixesFor(a: ConfigAnalysis, code: string): QuickFix[] {
  const f = runRules(a).find((x) => x.code === code);
  assert.ok(f, `a ${code} finding`);
  return quickFixes(a, fixable(f));
}

/** The text after applying one fix's edits (in reverse document order). */
function apply(text: string, fix: QuickFix): string {
  const index = new LineIndex(text);
  const edits = [...fix.edits].sort((x, y) => index.offsetAt(y.range.start) - index.offsetAt(x.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, index.offsetAt(e.range.start)) + e.newText + out.slice(index.offsetAt(e.range.end));
  return out;
}

test('unknown-parameter and undefined-reference: the suggested name replaces exactly the misspelt one', () => {
  const text = 'myhostname = mail.example.com\nsmtpd_relay_restrictons = permit_mynetworks\nsmtpd_banner = $myhostnme ESMTP\n';
  const a = analyse(text);
  const [unknown] = fixesFor(a, 'unknown-parameter');
  assert.deepEqual(unknown, {
    title: 'Change smtpd_relay_restrictons to smtpd_relay_restrictions',
    isPreferred: true,
    edits: [{ file: 'main.cf', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 23 } }, newText: 'smtpd_relay_restrictions' }],
  });
  const [ref] = fixesFor(a, 'undefined-reference');
  assert.deepEqual(ref!.edits[0]!.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 25 } });
  assert.equal(apply(text, ref!), text.replace('$myhostnme', '$myhostname'));
});

test('a stale finding (the text changed since) gets no fix', () => {
  const a = analyse('smtpd_relay_restrictons = x\n');
  const f = runRules(a).find((x) => x.code === 'unknown-parameter')!;
  const later = analyse('smtpd_recipient_restrictions = x\n');
  assert.deepEqual(quickFixes(later, fixable(f)), []);
});

test('deprecated-parameter: a renamed parameter is renamed; an obsolete yes/no becomes the TLS level it meant', () => {
  const renamed = 'smtpd_per_record_deadline = yes\n';
  const [r1] = fixesFor(analyse(renamed), 'deprecated-parameter');
  assert.equal(apply(renamed, r1!), 'smtpd_per_request_deadline = yes\n');
  assert.equal(r1!.isPreferred, true);
  const tls = 'myhostname = a.example\nsmtpd_use_tls = yes\n';
  const [r2] = fixesFor(analyse(tls), 'deprecated-parameter');
  assert.deepEqual(r2!.edits, [{ file: 'main.cf', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } }, newText: 'smtpd_tls_security_level = may' }]);
  // Already set: still offered, but not as the preferred fix (it would set it twice).
  const both = 'smtpd_tls_security_level = may\nsmtpd_enforce_tls = yes\n';
  const [r3] = fixesFor(analyse(both), 'deprecated-parameter');
  assert.equal(apply(both, r3!), 'smtpd_tls_security_level = may\nsmtpd_tls_security_level = encrypt\n');
  assert.equal(r3!.isPreferred, false);
  // A successor with another meaning (a policy table instead of a per-site table): no automatic fix.
  assert.deepEqual(fixesFor(analyse('smtp_tls_per_site = hash:/etc/postfix/tls_per_site\n'), 'deprecated-parameter'), []);
  const master = 'smtp inet n - y - - smtpd\n  -o smtpd_use_tls=yes\n';
  const [r4] = quickFixes(analyse('', master), fixable(runRules(analyse('', master)).find((x) => x.code === 'deprecated-parameter')!));
  assert.equal(apply(master, r4!), 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n');
});

test('duplicate-parameter: the earlier logical line goes, continuation lines included, the comment after it stays', () => {
  const text = 'mynetworks = 127.0.0.0/8\n  [::1]/128\n# the real one:\nmynetworks = 10.0.0.0/8\n';
  const [fix] = fixesFor(analyse(text), 'duplicate-parameter');
  assert.deepEqual(fix, {
    title: 'Remove the overridden mynetworks on line 1',
    isPreferred: true,
    edits: [{ file: 'main.cf', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }],
  });
  assert.equal(apply(text, fix!), '# the real one:\nmynetworks = 10.0.0.0/8\n');
  const last = 'relayhost = a\nrelayhost = b\nrelayhost = c';
  const fixes = runRules(analyse(last)).filter((x) => x.code === 'duplicate-parameter').map((f) => quickFixes(analyse(last), fixable(f))[0]!);
  assert.deepEqual(fixes.map((f) => apply(last, f)), ['relayhost = b\nrelayhost = c', 'relayhost = a\nrelayhost = c']);
});

test('tls-disabled: TLS is turned on (may, or encrypt as the alternative), never weakened', () => {
  const off = 'smtpd_tls_security_level = none\nsmtpd_tls_cert_file = /etc/ssl/cert.pem\n';
  const fixes = fixesFor(analyse(off), 'tls-disabled');
  assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred, f.edits]), [
    ['Turn TLS on: smtpd_tls_security_level = may', true, [{ file: 'main.cf', range: { start: { line: 0, character: 27 }, end: { line: 0, character: 31 } }, newText: 'may' }]],
    ['Turn TLS on: smtpd_tls_security_level = encrypt', false, [{ file: 'main.cf', range: { start: { line: 0, character: 27 }, end: { line: 0, character: 31 } }, newText: 'encrypt' }]],
  ]);
  const unset = 'smtpd_tls_cert_file = /etc/ssl/cert.pem\r\nmyhostname = a.example\r\n';
  const [add] = fixesFor(analyse(unset), 'tls-disabled');
  assert.equal(apply(unset, add!), 'smtpd_tls_cert_file = /etc/ssl/cert.pem\r\nsmtpd_tls_security_level = may\r\nmyhostname = a.example\r\n');
  const master = 'submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/cert.pem\n  -o smtpd_sasl_auth_enable=yes\n';
  const a = analyse('', master);
  const [sub] = quickFixes(a, fixable(runRules(a).find((x) => x.code === 'tls-disabled')!));
  assert.equal(apply(master, sub!), 'submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/cert.pem\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n');
  // TLS asked for without a certificate: the fix is a certificate, not another level.
  assert.deepEqual(fixesFor(analyse('smtpd_tls_security_level = encrypt\n'), 'tls-disabled'), []);
});

test('invalid-value: the suggested value; in a list only the wrong item (its "!" kept)', () => {
  const text = 'smtpd_tls_security_level = mayy\nsmtpd_tls_protocols = !SSLv2, !SSLv33\n';
  const a = analyse(text);
  const fixes = runRules(a).filter((x) => x.code === 'invalid-value').map((f) => quickFixes(a, fixable(f))[0]!);
  assert.deepEqual(fixes.map((f) => f.edits[0]!.range), [
    { start: { line: 0, character: 27 }, end: { line: 0, character: 31 } },
    { start: { line: 1, character: 31 }, end: { line: 1, character: 37 } },
  ]);
  assert.equal(apply(apply(text, fixes[1]!), fixes[0]!), 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2, !SSLv3\n');
});

test('cert-chain-incomplete: only the file name changes, so $config_directory stays as written', () => {
  const text = 'smtpd_tls_cert_file = $config_directory/live/cert.pem\nsmtpd_tls_key_file = /k\n';
  const a = analyse(text);
  const valueRange = a.main.entries[0]!.valueRange;
  const [fix] = quickFixes(a, { code: 'cert-chain-incomplete', range: valueRange, file: 'main.cf', data: { replacement: '/etc/postfix/live/fullchain.pem', param: 'smtpd_tls_cert_file' } });
  assert.deepEqual(fix!.edits, [{ file: 'main.cf', range: { start: { line: 0, character: 45 }, end: { line: 0, character: 53 } }, newText: 'fullchain.pem' }]);
  assert.equal(fix!.isPreferred, true);
  assert.equal(apply(text, fix!), 'smtpd_tls_cert_file = $config_directory/live/fullchain.pem\nsmtpd_tls_key_file = /k\n');
  assert.deepEqual(quickFixes(a, { code: 'cert-chain-incomplete', range: valueRange, file: 'main.cf', data: {} }), []);
});
