// Certificate checks as a user runs them: `postfix-lens check --json --hostname H --ca-file root.pem`
// on a main.cf (and master.cf) naming generated certificates. Each case must give exactly the
// expected codes, on the line of the parameter that names the file, and nothing for a good chain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fixtures, type Pair } from '../helpers/certificates';
import { runCli } from '../helpers/cli';

const CERT_CODES = /^(cert-|key-|tls-disabled)/;

interface Diag {
  code: string;
  severity: string;
  line: number;
  name: string | null;
  file: string;
  service?: string;
  message: string;
}

let n = 0;
function check(main: string, extra: string[] = [], master?: string): { status: number; diags: Diag[] } {
  const f = fixtures();
  const dir = path.join(f.dir, `case-${n++}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  if (master !== undefined) fs.writeFileSync(path.join(dir, 'master.cf'), master);
  const r = runCli(['check', '--json', ...extra, path.join(dir, 'main.cf')]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const diags = (JSON.parse(r.stdout.toString()) as { diagnostics: Diag[] }).diagnostics.filter((d) => CERT_CODES.test(d.code));
  return { status: r.status, diags };
}

/** main.cf with a server certificate (and key) on lines 3 and 4. */
function mainCf(cert: string, key?: string): string {
  return `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\n` + (key ? `smtpd_tls_key_file = ${key}\n` : '');
}

function pairFiles(name: string, p: Pair, chain: string[] = []): { cert: string; key: string } {
  const f = fixtures();
  return { cert: f.file(`${name}.crt`, p.cert + chain.join('')), key: f.file(`${name}.key`, p.key) };
}

const codes = (d: Diag[]) => d.map((x) => x.code).sort();

test('a full chain from the test root, given as the extra CA: nothing to report', () => {
  const f = fixtures();
  const p = pairFiles('good', f.leaf, [f.intermediate.cert]);
  const root = f.file('root.pem', f.root.cert);
  const r = check(mainCf(p.cert, p.key), ['--hostname', 'smtp.example.com', '--ca-file', root]);
  assert.deepEqual(r.diags, []);
  assert.equal(r.status, 0);
});

test('each problem gives exactly its code, on the line that names the file', () => {
  const f = fixtures();
  const root = f.file('root2.pem', f.root.cert);
  const ca = ['--ca-file', root];
  const cases: [string, string, string[], string[], number][] = [
    // name, cert file content, extra args, expected codes, expected line (1-based)
    ['self-signed', f.selfSigned.cert, ca, ['cert-self-signed'], 3],
    ['self-signed for another name', f.selfSignedOther.cert, ca, ['cert-name-mismatch', 'cert-self-signed'], 3],
    ['leaf without its intermediate', f.leaf.cert, ca, ['cert-chain-incomplete'], 3],
    ['no path to a trusted root', f.leaf.cert + f.intermediate.cert, [], ['cert-untrusted'], 3],
    ['wrong name', f.leaf.cert + f.intermediate.cert, [...ca, '--hostname', 'imap.example.net'], ['cert-name-mismatch'], 3],
    ['wildcard does not cover two labels', f.wildcard.cert + f.intermediate.cert, [...ca, '--hostname', 'a.b.example.com'], ['cert-name-mismatch'], 3],
    ['expired', f.expired.cert + f.intermediate.cert, ca, ['cert-expired'], 3],
    ['not yet valid', f.notYetValid.cert + f.intermediate.cert, ca, ['cert-not-yet-valid'], 3],
    ['expiring in 10 days', f.expiringSoon.cert + f.intermediate.cert, ca, ['cert-expiring-soon'], 3],
    ['1024-bit RSA', f.weak1024.cert + f.intermediate.cert, ca, ['cert-weak-key'], 3],
    ['SHA-1 signature', f.sha1.cert + f.intermediate.cert, ca, ['cert-weak-signature'], 3],
    ['client certificate only', f.clientOnly.cert + f.intermediate.cert, ca, ['cert-not-for-server'], 3],
  ];
  for (const [name, cert, args, expected, line] of cases) {
    const certPath = f.file(`${name.replace(/\W+/g, '-')}.crt`, cert);
    // The right key for each leaf: self-signed ones and the 1024-bit one carry their own.
    const pair = [f.selfSigned, f.selfSignedOther, f.weak1024].find((p) => cert.startsWith(p.cert)) ?? f.leaf;
    const keyPath = f.file(`${name.replace(/\W+/g, '-')}.key`, pair.key);
    const r = check(mainCf(certPath, keyPath), args);
    assert.deepEqual(codes(r.diags), expected, name);
    for (const d of r.diags) {
      assert.equal(d.line, line, `${name}: ${d.code} on line ${d.line}`);
      assert.equal(d.name, 'smtpd_tls_cert_file', name);
    }
  }
});

test('the wildcard covers one label: mail.example.com yes, example.com and a.b.example.com no', () => {
  const f = fixtures();
  const p = pairFiles('wild', f.wildcard, [f.intermediate.cert]);
  const root = f.file('root3.pem', f.root.cert);
  assert.deepEqual(check(mainCf(p.cert, p.key), ['--ca-file', root]).diags, []);
  const r = check(mainCf(p.cert, p.key), ['--ca-file', root, '--hostname', 'example.com']);
  assert.deepEqual(codes(r.diags), ['cert-name-mismatch']);
  assert.match(r.diags[0].message, /example\.com/);
});

test('a key from another certificate is key-mismatch, on the key line', () => {
  const f = fixtures();
  const cert = f.file('km.crt', f.leaf.cert + f.intermediate.cert);
  const key = f.file('km.key', f.otherKey);
  const r = check(mainCf(cert, key), ['--ca-file', f.file('root4.pem', f.root.cert)]);
  assert.deepEqual(codes(r.diags), ['key-mismatch']);
  assert.equal(r.diags[0].line, 4);
  assert.equal(r.diags[0].name, 'smtpd_tls_key_file');
});

test('missing files, a DER file, and a FIFO where the certificate should be', { timeout: 30_000 }, () => {
  const f = fixtures();
  assert.deepEqual(codes(check(mainCf('/nonexistent/fullchain.pem')).diags), ['cert-file-missing']);
  const cert = f.file('nokey.crt', f.leaf.cert + f.intermediate.cert);
  assert.deepEqual(codes(check(mainCf(cert, '/nonexistent/privkey.pem'), ['--ca-file', f.file('root5.pem', f.root.cert)]).diags), ['key-file-missing']);
  const der = f.file('leaf.der', f.der);
  const d = check(mainCf(der, f.file('der.key', f.leaf.key))).diags;
  assert.deepEqual(codes(d), ['cert-not-pem']);
  assert.match(d[0].message, /DER/);
  const fifo = path.join(f.dir, 'cert.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const q = check(mainCf(fifo)).diags;
  assert.deepEqual(codes(q), ['cert-file-unreadable']);
  assert.equal(q[0].severity, 'error');
});

test('ECDSA P-256 and Ed25519 chains from an openssl-made root', (t) => {
  const f = fixtures();
  if (!f.ec) return t.skip('openssl is not installed');
  const root = f.file('ecroot.pem', f.ec.root.cert);
  for (const p of [f.ec.p256, f.ec.ed25519]) {
    const files = pairFiles(`ec-${n}`, p);
    assert.deepEqual(check(mainCf(files.cert, files.key), ['--ca-file', root]).diags, []);
  }
});

test('a master.cf -o override gives the submission port another certificate: findings on that -o line', () => {
  const f = fixtures();
  const good = pairFiles('m-good', f.leaf, [f.intermediate.cert]);
  const bad = pairFiles('m-bad', f.selfSigned);
  const master =
    'smtp      inet  n       -       y       -       -       smtpd\n' +
    'submission inet n       -       y       -       -       smtpd\n' +
    '  -o smtpd_tls_security_level=encrypt\n' +
    `  -o smtpd_tls_cert_file=${bad.cert}\n` +
    `  -o smtpd_tls_key_file=${bad.key}\n`;
  const r = check(mainCf(good.cert, good.key), ['--ca-file', f.file('root6.pem', f.root.cert)], master);
  assert.deepEqual(codes(r.diags), ['cert-self-signed']);
  assert.equal(r.diags[0].service, 'submission/inet');
  assert.equal(r.diags[0].line, 4);
  assert.match(r.diags[0].file, /master\.cf$/);
});

test('smtpd_tls_chain_files: a good key+chain, the older settings reported as ignored', () => {
  const f = fixtures();
  const key = f.file('cf.key', f.leaf.key);
  const chain = f.file('cf.pem', f.leaf.cert + f.intermediate.cert);
  const main = `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${key}, ${chain}\nsmtpd_tls_cert_file = /etc/ssl/certs/ssl-cert-snakeoil.pem\n`;
  const r = check(main, ['--ca-file', f.file('root7.pem', f.root.cert)]);
  assert.deepEqual(codes(r.diags), ['cert-settings-ignored']);
  assert.equal(r.diags[0].line, 4);
  assert.equal(r.diags[0].severity, 'information');
});

test('tls-disabled: a certificate configured but TLS off; TLS asked for without a certificate', () => {
  const f = fixtures();
  const p = pairFiles('off', f.leaf, [f.intermediate.cert]);
  const off = `myhostname = mail.example.com\nsmtpd_tls_security_level = none\nsmtpd_tls_cert_file = ${p.cert}\nsmtpd_tls_key_file = ${p.key}\n`;
  const r = check(off, ['--ca-file', f.file('root8.pem', f.root.cert)]);
  assert.deepEqual(codes(r.diags), ['tls-disabled']);
  assert.equal(r.diags[0].line, 2);
  assert.match(r.diags[0].message, /never the fix/);
  const none = check('myhostname = mail.example.com\nsmtpd_tls_security_level = encrypt\n');
  assert.deepEqual(codes(none.diags), ['tls-disabled']);
});

test('a listener only this machine reaches shows its certificate to no remote client: not judged', () => {
  const f = fixtures();
  const p = pairFiles('lo', f.leaf, [f.intermediate.cert]);
  const ca = ['--ca-file', f.file('root-lo.pem', f.root.cert)];
  // A content filter's reinjection port with a name of its own: no "clients connect to localhost".
  const master = 'smtp inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n  -o myhostname=localhost\n  -o smtpd_tls_security_level=none\n';
  assert.deepEqual(check(mainCf(p.cert, p.key), ca, master).diags, []);
  // The same service listening on every address is judged by its own name (and TLS off there is wrong).
  assert.deepEqual(codes(check(mainCf(p.cert, p.key), ca, master.replace('127.0.0.1:10025', '10025')).diags), ['cert-name-mismatch', 'tls-disabled']);
  // A loopback-only server with the distribution's self-signed certificate: no remote client sees it.
  const s = pairFiles('lo-self', f.selfSigned);
  assert.deepEqual(check(`inet_interfaces = loopback-only\n${mainCf(s.cert, s.key)}`, ca).diags, []);
  assert.deepEqual(codes(check(`inet_interfaces = all\n${mainCf(s.cert, s.key)}`, ca).diags), ['cert-self-signed']);
});

test('--now checks as of a date: a year from now the certificate has expired', () => {
  const f = fixtures();
  const p = pairFiles('later', f.leaf, [f.intermediate.cert]);
  const when = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  const r = check(mainCf(p.cert, p.key), ['--ca-file', f.file('root9.pem', f.root.cert), '--now', when]);
  assert.deepEqual(codes(r.diags), ['cert-expired']);
});

test('cert.pem instead of fullchain.pem: the fix is named when fullchain.pem sits beside it', () => {
  const f = fixtures();
  const dir = path.join(f.dir, 'live-mail.example.com');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'cert.pem'), f.leaf.cert);
  fs.writeFileSync(path.join(dir, 'fullchain.pem'), f.leaf.cert + f.intermediate.cert);
  fs.writeFileSync(path.join(dir, 'privkey.pem'), f.leaf.key);
  const r = check(mainCf(path.join(dir, 'cert.pem'), path.join(dir, 'privkey.pem')), ['--ca-file', f.file('root10.pem', f.root.cert)]);
  assert.deepEqual(codes(r.diags), ['cert-chain-incomplete']);
  assert.match(r.diags[0].message, /fullchain\.pem is in the same directory: use it instead/);
});

test('paths are expanded first: $config_directory and ${myhostname}.pem', () => {
  const f = fixtures();
  const dir = path.join(f.dir, 'expand');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'mail.example.com.pem'), f.selfSigned.cert + f.selfSigned.key);
  const main = `myhostname = mail.example.com\nsmtpd_tls_security_level = may\ncert_dir = ${dir}\nsmtpd_tls_cert_file = $cert_dir/\${myhostname}.pem\n`;
  const r = check(main);
  assert.deepEqual(codes(r.diags), ['cert-self-signed']);
  assert.equal(r.diags[0].line, 4);
});

test('client certificates (smtp_tls_cert_file): readability and key match only', () => {
  const f = fixtures();
  const cert = f.file('client.crt', f.selfSignedOther.cert);
  const key = f.file('client.key', f.otherKey);
  const r = check(`myhostname = mail.example.com\nsmtp_tls_cert_file = ${cert}\nsmtp_tls_key_file = ${key}\n`);
  assert.deepEqual(codes(r.diags), ['key-mismatch'], 'a self-signed client certificate for another name is fine; a wrong key is not');
  const ok = check(`myhostname = mail.example.com\nsmtp_tls_cert_file = ${cert}\nsmtp_tls_key_file = ${f.file('client-ok.key', f.selfSignedOther.key)}\n`);
  assert.deepEqual(ok.diags, []);
});
