// What reaches the terminal from the command line, as a real process: certificate subjects and
// names from a hostile server or file, paths and parameter names from the configuration, and the
// command line's own arguments may hold terminal escapes (clear the screen, set the window title,
// write the clipboard with OSC 52), a CR that overwrites a line with a forged "Trusted: yes", a C1
// CSI (U+009B) or a bidi override (U+202E). None of them may reach the terminal as it is: the bytes
// printed hold no control character but LF, and every hidden character is shown as an escape.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { fixtures } from '../helpers/certificates';
import { assertNothingRaw, BIDI, C1_CSI, CLEAR, CLIPBOARD, FORGED, HOSTILE, hostileCertificate, TITLE } from '../helpers/hostile-text';
import { runCli, runCliAsyncProcess } from '../helpers/cli';
import { fakeServer, smtp } from '../helpers/probe-servers';
import { POSTCONF } from '../helpers/postconf';

function tmpDir(name: string): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-esc-'));
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  return dir;
}

test('check: hostile certificate subjects, paths and parameter names are escaped in the text output', () => {
  const f = fixtures();
  // The directory itself, and so every finding's file name, holds a title escape and a forged line.
  const dir = tmpDir(`etc${TITLE}${FORGED}`);
  const cert = path.join(dir, `cert${CLEAR}.pem`);
  fs.writeFileSync(cert, hostileCertificate(f.otherKey) + f.otherKey);
  fs.writeFileSync(
    path.join(dir, 'main.cf'),
    `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\n` +
      `smtpd_tls_key_file = /nonexistent/${BIDI}${CLIPBOARD}.key\nmy${C1_CSI}param${TITLE} = 1\nsmtpd_tls_loglevel = ${HOSTILE}\n`,
  );
  const r = runCli(['check', dir]);
  assert.equal(r.status, 1, r.stderr);
  assertNothingRaw(r.stdout, 'check stdout');
  assertNothingRaw(Buffer.from(r.stderr), 'check stderr');
  const out = r.stdout.toString();
  assert.match(out, /cert-self-signed/);
  assert.match(out, /key-file-missing/);
  assert.match(out, /unknown-parameter/);
  // Shown, as escapes: the reader can see what the text holds.
  assert.ok(out.includes('\\u001b]0;pwned\\u0007\\u000dTrusted:      yes/main.cf:'), out);
  assert.ok(out.includes('\\u001b]52;c;cm0gLXJmIH4K\\u0007'), out);
  assert.ok(out.includes('gpj.\\u202eexe'), out);
  assert.ok(out.includes('\\u009b31m'), out);
  assert.equal(out.split('\n').filter((l) => l.startsWith('Trusted:')).length, 0);
});

test('check --json: valid JSON with the same strings, and nothing hidden in its bytes', () => {
  const f = fixtures();
  const dir = tmpDir(`json${TITLE}`);
  const cert = path.join(dir, `cert${BIDI}.pem`);
  fs.writeFileSync(cert, hostileCertificate(f.otherKey) + f.otherKey);
  fs.writeFileSync(path.join(dir, 'main.cf'), `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\n`);
  const r = runCli(['check', '--json', dir]);
  assert.equal(r.status, 1, r.stderr);
  assertNothingRaw(r.stdout, 'check --json stdout');
  const j = JSON.parse(r.stdout.toString()) as { file: string; diagnostics: { code: string; file: string; message: string }[] };
  assert.equal(j.file, path.join(dir, 'main.cf'), 'the JSON string is the path itself, title escape included');
  const selfSigned = j.diagnostics.find((d) => d.code === 'cert-self-signed');
  assert.ok(selfSigned, JSON.stringify(j.diagnostics));
  assert.ok(r.stdout.toString().includes('\\u202e'), 'the bidi override as a JSON escape');
});

test('probe: a server whose certificate names clear the screen, write the clipboard and forge "Trusted: yes"', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const context = tls.createSecureContext({ key: f.otherKey, cert: hostileCertificate(f.otherKey) });
  const server = await fakeServer(smtp({ context, greeting: `220 fake.test ${TITLE}ESMTP\r\n` }));
  try {
    const r = await runCliAsyncProcess(['probe', '--timeout', '10000', '--servername', 'mail.example.com', `127.0.0.1:${server.port}`]);
    assert.equal(r.status, 1, r.stderr + r.stdout.toString());
    assertNothingRaw(r.stdout, 'probe stdout');
    assertNothingRaw(r.stderrBytes, 'probe stderr');
    const out = r.stdout.toString();
    assert.match(out, /subject {2}CN=mail\.example\.com\\u001b\[2J\\u001b\[H\\u001b\]0;pwned\\u0007/);
    assert.ok(out.includes('\\u000dTrusted:      yes'), out);
    assert.ok(out.includes('\\u009b'), out);
    assert.ok(out.includes('gpj.\\u202eexe'), out);
    const trusted = out.split('\n').filter((l) => l.startsWith('Trusted:'));
    assert.deepEqual(trusted, ['Trusted:      no']);

    const j = await runCliAsyncProcess(['probe', '--json', '--timeout', '10000', '--servername', 'mail.example.com', `127.0.0.1:${server.port}`]);
    assertNothingRaw(j.stdout, 'probe --json stdout');
    const report = JSON.parse(j.stdout.toString()) as { chain: { subject: string; names: string[] }[] };
    assert.ok(report.chain[0]!.subject.includes(HOSTILE), 'the JSON keeps the subject as it is, escaped only as JSON');
  } finally {
    await server.close();
  }
});

test('postconf: warnings name hostile parameters and directories without raw escapes; stdout stays byte for byte', () => {
  const dir = tmpDir(`pc${TITLE}${FORGED}`);
  const main = `myhostname = mail.example.com\nfoo${CLIPBOARD}bar = 1\nsmtpd_banner = ${HOSTILE}\n`;
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  // No master.cf: postconf warns with the directory's name.
  const r = runCli(['postconf', '-c', dir, '-n']);
  assert.equal(r.status, 0, r.stderr);
  assertNothingRaw(Buffer.from(r.stderr), 'postconf stderr');
  assert.match(r.stderr, /master\.cf/);
  assert.match(r.stderr, /unused parameter/);
  if (POSTCONF) {
    const real = spawnSync(POSTCONF, ['-c', dir, '-n']);
    assert.deepEqual(r.stdout, real.stdout, 'postconf -n prints the values exactly as Postfix does');
  }
});

test('usage errors echo the argument escaped', () => {
  const r = runCli(['check', `--x${TITLE}${FORGED}`]);
  assert.equal(r.status, 2);
  assertNothingRaw(Buffer.from(r.stderr), 'usage error');
  assert.match(r.stderr, /unknown option --x\\u001b\]0;pwned\\u0007\\u000dTrusted: {6}yes/);
});
