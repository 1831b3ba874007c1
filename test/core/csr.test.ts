// core/tls/csr.ts: the names a CSR is for, the CSR itself (checked by the real openssl: the
// signature verifies and the subjectAltNames are exactly the names), file names and next steps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCsrPem, checkCsrNames, csrFileNames, csrFileStem, csrNextSteps } from '../../server/src/core/tls/csr';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** `openssl req -verify -noout -text` on the CSR (argument array, no shell). */
function opensslReq(csrPem: string): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-csr-'));
  try {
    const file = path.join(dir, 'req.csr');
    fs.writeFileSync(file, csrPem);
    const r = spawnSync('openssl', ['req', '-in', file, '-verify', '-noout', '-text'], { encoding: 'utf8' });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sansOf(text: string): string[] {
  const m = /X509v3 Subject Alternative Name:\s*\n\s*(.+)\n/.exec(text);
  return m ? m[1]!.trim().split(/,\s*/) : [];
}

test('names: trimmed, lower-case A-labels, no trailing dot, wildcards and IPs kept, repeats dropped', () => {
  const r = checkCsrNames([' Mail.Example.COM. ', 'smtp.example.com', 'mail.example.com', '*.Example.com', 'bücher.example', '192.0.2.25', '[2001:db8::1]', '']);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.names, ['mail.example.com', 'smtp.example.com', '*.example.com', 'xn--bcher-kva.example', '192.0.2.25', '2001:db8::1']);
});

test('names: refused with a reason, and left out', () => {
  const r = checkCsrNames(['good.example.com', 'bad name', 'under_score.example', '*.com', '*.192.0.2.1', 'a'.repeat(64) + '.example', '-x.example', 'x/../y', '1.2.3.999:5']);
  assert.deepEqual(r.names, ['good.example.com']);
  assert.equal(r.problems.length, 8, r.problems.join('\n'));
  assert.ok(r.problems.every((p) => p.startsWith('"')));
});

test('the CSR verifies with openssl, CN is the first name, the SANs are exactly the names', { skip: !hasOpenssl && 'openssl is not installed' }, () => {
  const names = ['mail.example.com', 'smtp.example.com', '*.example.net', '192.0.2.25', '2001:db8::1'];
  const pem = buildCsrPem(key, names);
  assert.match(pem, /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/);
  const r = opensslReq(pem);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /verify OK/i);
  assert.match(r.out, /Subject: CN\s?=\s?mail\.example\.com\n/);
  assert.deepEqual(sansOf(r.out), ['DNS:mail.example.com', 'DNS:smtp.example.com', 'DNS:*.example.net', 'IP Address:192.0.2.25', 'IP Address:2001:DB8:0:0:0:0:0:1']);
  assert.match(r.out, /Signature Algorithm: sha256WithRSAEncryption/);
  // The request carries the key's public half.
  const spki = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const pub = spawnSync('openssl', ['req', '-noout', '-pubkey'], { input: pem, encoding: 'utf8' });
  assert.equal(pub.stdout.trim(), spki.trim());
});

test('a first name longer than 64 characters is not the CN (RFC 5280), but stays a SAN', { skip: !hasOpenssl && 'openssl is not installed' }, () => {
  const long = `${'a'.repeat(60)}.example.com`;
  const r = opensslReq(buildCsrPem(key, [long, 'mail.example.com']));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /Subject: CN\s?=\s?mail\.example\.com\n/);
  assert.deepEqual(sansOf(r.out), [`DNS:${long}`, 'DNS:mail.example.com']);
});

test('buildCsrPem refuses no names and a key that is not RSA', () => {
  assert.throws(() => buildCsrPem(key, []), /at least one name/);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.throws(() => buildCsrPem(ec, ['mail.example.com']));
});

test('file names: a safe stem, then -1, -2 for never overwriting', () => {
  assert.equal(csrFileStem('mail.example.com'), 'mail.example.com');
  assert.equal(csrFileStem('*.example.com'), 'wildcard.example.com');
  assert.equal(csrFileStem('2001:db8::1'), '2001-db8--1');
  assert.equal(csrFileStem('..'), 'postfix');
  assert.deepEqual(csrFileNames('mail.example.com', 0), { key: 'mail.example.com.key', csr: 'mail.example.com.csr' });
  assert.deepEqual(csrFileNames('mail.example.com', 2), { key: 'mail.example.com-2.key', csr: 'mail.example.com-2.csr' });
});

test('next steps: certbot --csr, smtpd_tls_chain_files with the key first, postfix reload; hostile paths stay text', () => {
  const md = csrNextSteps({ keyPath: '/etc/postfix/mail.example.com.key', csrPath: '/etc/postfix/mail.example.com.csr', fullchainPath: '/etc/postfix/mail.example.com.fullchain.pem', names: ['mail.example.com'], bits: 2048 });
  assert.match(md, /certbot certonly --standalone --csr \/etc\/postfix\/mail\.example\.com\.csr/);
  assert.match(md, /smtpd_tls_chain_files = \/etc\/postfix\/mail\.example\.com\.key, \/etc\/postfix\/mail\.example\.com\.fullchain\.pem/);
  assert.match(md, /postfix reload/);
  const evil = csrNextSteps({ keyPath: "/tmp/``` <img src=x onerror=1>/a'b.key", csrPath: '/tmp/[x](javascript:alert(1)).csr', fullchainPath: '/tmp/f.fullchain.pem', names: ['*.example.com'], bits: 3072 });
  assert.match(evil, /--manual --preferred-challenges dns/);
  assert.doesNotMatch(evil.replace(/````[\s\S]*?````|```[\s\S]*?```/g, ''), /(^|[^\\])<img|\]\(javascript:/);
  // The fence around the configuration is longer than any run of backticks in it.
  assert.match(evil, /````\nsmtpd_tls_chain_files = /);
  assert.match(evil, /'\/tmp\/\[x\]\(javascript:alert\(1\)\)\.csr'/);
});
