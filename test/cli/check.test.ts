// postfix-lens check as a user runs it: a real process, text and JSON output, exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

function dir(main: string, master?: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-check-'));
  fs.writeFileSync(path.join(d, 'main.cf'), main);
  if (master !== undefined) fs.writeFileSync(path.join(d, 'master.cf'), master);
  return d;
}

test('text output is compiler style, 1-based, and exit 1 when there is an error', () => {
  const d = dir('myhostname = mail.example.com\nsmtpd_tls_security_level = mayy\nsmtpd_relay_restrictons = permit\n');
  const r = runCli(['check', d]);
  assert.equal(r.status, 1);
  const lines = r.stdout.toString().split('\n');
  assert.ok(lines.includes(`${d}/main.cf:2:28: error invalid-value: smtpd_tls_security_level = "mayy": use one of: none, may, encrypt.`), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`${d}/main.cf:3:1: warning unknown-parameter:`) && l.includes('Did you mean smtpd_relay_restrictions?')));
  assert.match(lines.at(-2)!, /1 error\(s\), 1 warning\(s\)/);
});

test('--json: the documented shape, with names, 1-based positions and the master.cf service', () => {
  const d = dir('foo = $bar\n', 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level = encrypt\n');
  const r = runCli(['check', '--json', '-c', d]);
  assert.equal(r.status, 1);
  const j = JSON.parse(r.stdout.toString());
  assert.equal(j.file, path.join(d, 'main.cf'));
  const undef = j.diagnostics.find((x: { code: string }) => x.code === 'undefined-reference');
  assert.deepEqual(
    { ...undef, message: undefined },
    { code: 'undefined-reference', severity: 'warning', line: 1, column: 8, endLine: 1, endColumn: 11, message: undefined, name: 'bar', file: path.join(d, 'main.cf') },
  );
  const mal = j.diagnostics.find((x: { code: string }) => x.code === 'malformed-override');
  assert.equal(mal.service, 'submission/inet');
  assert.equal(mal.file, path.join(d, 'master.cf'));
  assert.equal(mal.line, 2);
});

test('exit 0 without errors, even with warnings', () => {
  const r = runCli(['check', dir('myhostname = mail.example.com\nfoo = 1\n')]);
  assert.equal(r.status, 0);
});

test('--severity turns a code off or changes its level', () => {
  const d = dir('smtpd_tls_security_level = mayy\nfoo = 1\n');
  const r = runCli(['check', '--json', '--severity', 'invalid-value=warning', '--severity', 'unknown-parameter=off', d]);
  assert.equal(r.status, 0);
  const j = JSON.parse(r.stdout.toString());
  assert.deepEqual(j.diagnostics.map((x: { code: string; severity: string }) => `${x.code}:${x.severity}`), ['invalid-value:warning']);
});

test('usage and I/O problems: exit 2, a clear message, never a stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--nope'], /unknown option --nope/],
    [['check', '/nonexistent/main.cf'], /cannot read \/nonexistent\/main.cf: no such file/],
    [['check', '--severity', 'x=loud', '.'], /--severity expects/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['check', '/dev/zero'], /not a regular file/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a FIFO where main.cf should be is refused at once, not read forever', { timeout: 20_000 }, () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-fifo-'));
  const fifo = path.join(d, 'main.cf');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mk = require('node:child_process').spawnSync('mkfifo', [fifo]);
  assert.equal(mk.status, 0);
  const r = runCli(['check', d], { timeout: 10_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a regular file/);
});

test('--help and --version', () => {
  assert.match(runCli(['--help']).stdout.toString(), /usage: postfix-lens/);
  assert.match(runCli(['--version']).stdout.toString(), /^postfix-lens \d+\.\d+\.\d+/);
});

test('the SMTP client settings: DANE without DNSSEC lookups and verify without a CA, on the lines that ask for them', () => {
  const d = dir(
    'myhostname = mail.example.com\nsmtp_tls_security_level = verify\n',
    'smtp unix - - y - - smtp\n  -o smtp_tls_CAfile=/etc/ssl/certs/ca-certificates.crt\nrelay unix - - y - - smtp\n  -o smtp_tls_security_level=dane-only\ndane unix - - y - - smtp\n  -o smtp_tls_security_level=dane\n  -o smtp_dns_support_level=dnssec\n',
  );
  const r = runCli(['check', '--json', d]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout.toString()) as { diagnostics: { file: string; line: number; code: string; severity: string; service: string | null; message: string }[] };
  const found = out.diagnostics.filter((x) => x.code === 'dane-needs-dnssec' || x.code === 'tls-ca-missing');
  assert.deepEqual(
    found.map((x) => [path.basename(x.file), x.line, x.service, x.code, x.severity]),
    [['master.cf', 4, 'relay/unix', 'dane-needs-dnssec', 'error']],
    'main.cf verify is used by no service without a CA: the smtp service names one, the others set their own level',
  );
  fs.writeFileSync(path.join(d, 'master.cf'), 'smtp unix - - y - - smtp\nrelay unix - - y - - smtp\n');
  const text = runCli(['check', d]).stdout.toString();
  assert.match(text, new RegExp(`^${d.replace(/\./g, '\\.')}/main\\.cf:2:\\d+: error tls-ca-missing: smtp/unix and relay/unix must verify servers \\(security level verify\\)`, 'm'));
});

test('policy tables in files: a hash: table by its text source, a texthash: table, and a FIFO named as one is not waited on', { timeout: 60_000 }, () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-policy-'));
  fs.writeFileSync(path.join(d, 'tls_policy'), '# DANE for the partner\nexample.org dane-only\n');
  fs.writeFileSync(path.join(d, 'verify_policy'), 'example.net verify\n    match=hostname\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  assert.equal(require('node:child_process').spawnSync('mkfifo', [path.join(d, 'fifo_policy')]).status, 0);
  const found = (main: string) => {
    fs.writeFileSync(path.join(d, 'main.cf'), main);
    const r = runCli(['check', '--json', d], { timeout: 20_000 });
    const out = JSON.parse(r.stdout.toString()) as { diagnostics: { line: number; code: string; severity: string; message: string }[] };
    return out.diagnostics.filter((x) => x.code === 'dane-needs-dnssec' || x.code === 'tls-ca-missing');
  };
  const dane = found(`myhostname = mail.example.com\nsmtp_tls_policy_maps = hash:${d}/tls_policy\n`);
  assert.deepEqual(dane.map((x) => [x.line, x.code, x.severity]), [[2, 'dane-needs-dnssec', 'error']]);
  assert.ok(dane[0]!.message.includes(`(smtp_tls_policy_maps: example.org dane-only, in ${d}/tls_policy)`), dane[0]!.message);
  assert.deepEqual(found(`myhostname = mail.example.com\nsmtp_tls_policy_maps = hash:${d}/tls_policy\nsmtp_dns_support_level = dnssec\n`), []);
  const ca = found(`myhostname = mail.example.com\nsmtp_tls_policy_maps = texthash:${d}/verify_policy\n`);
  assert.deepEqual(ca.map((x) => [x.line, x.code]), [[2, 'tls-ca-missing']]);
  assert.ok(ca[0]!.message.includes(`(smtp_tls_policy_maps: example.net verify, in ${d}/verify_policy)`), ca[0]!.message);
  assert.deepEqual(found(`myhostname = mail.example.com\nsmtp_tls_policy_maps = texthash:${d}/fifo_policy, hash:${d}/missing_policy\n`), []);
});

test('port 465 without wrapper mode: an error on the service line of master.cf, the service named', () => {
  const d = dir(
    'myhostname = mail.example.com\n',
    'smtp inet n - y - - smtpd\nsubmissions inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n#smtps inet n - y - - smtpd\n',
  );
  const r = runCli(['check', d]);
  assert.equal(r.status, 1);
  const lines = r.stdout.toString().split('\n').filter((l) => l.includes('smtps-wrappermode-missing'));
  assert.deepEqual(lines, [
    `${d}/master.cf:2:1: error smtps-wrappermode-missing: submissions/inet listens on port 465, where clients expect implicit TLS, but smtpd_tls_wrappermode is not yes for it: smtpd greets in plain text and every client fails. Add -o smtpd_tls_wrappermode=yes to this service. [submissions/inet]`,
  ]);
});
