// Hostile and huge inputs: no exception escapes and time stays small. Also the warm cost of one
// analysis (reported as test diagnostics) and the purity of the core (no I/O modules).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCertificate, type CertificateReport } from '../../../server/src/core/tls/analyze.js';
import { analyzeChainFiles } from '../../../server/src/core/tls/chain-files.js';
import { bytes, fixtures } from '../../helpers/certificates.js';

const f = fixtures();
const MiB = 1024 * 1024;

function timed(cert: Uint8Array, key?: Uint8Array, roots: string[] = [f.root.cert]): { ms: number; r: CertificateReport } {
  const t = performance.now();
  const r = analyzeCertificate({
    certFile: { path: 'cert.pem', bytes: cert },
    ...(key ? { keyFile: { path: 'key.pem', bytes: key } } : {}),
    role: 'server',
    hostnames: ['mail.example.com'],
    roots,
    now: new Date(),
  });
  return { ms: performance.now() - t, r };
}

test('1 MiB of random bytes: cert-not-pem, fast', () => {
  const { ms, r } = timed(new Uint8Array(randomBytes(MiB)), bytes(f.leaf.key));
  assert.deepEqual(r.findings.map((x) => x.code), ['cert-not-pem']);
  assert.ok(ms < 500, `${ms} ms`);
});

test('1 MiB of text, of base64 and of nested DER headers: one finding each, fast', () => {
  const inputs = [
    bytes('x'.repeat(MiB)),
    bytes(('A'.repeat(64) + '\n').repeat(MiB / 65)),
    new Uint8Array(MiB).fill(0x30),
    Uint8Array.from({ length: MiB }, (_, i) => (i % 2 ? 0x84 : 0x30)),
  ];
  for (const input of inputs) {
    const { ms, r } = timed(input, bytes(f.leaf.key));
    assert.deepEqual(r.findings.map((x) => x.code), ['cert-not-pem']);
    assert.ok(ms < 500, `${ms} ms`);
  }
});

test('10,000 PEM blocks (damaged, without END lines, or keys) stay linear', () => {
  const damaged = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'.repeat(10_000);
  const noEnd = '-----BEGIN CERTIFICATE-----\nMIIB\n'.repeat(10_000);
  const others = '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'.repeat(10_000);
  for (const text of [damaged, noEnd, others]) {
    const { ms, r } = timed(bytes(text), bytes(f.leaf.key));
    assert.deepEqual(r.findings.map((x) => x.code), ['cert-not-pem']);
    assert.ok(ms < 1000, `${ms} ms`);
  }
  const t = performance.now();
  const chain = analyzeChainFiles({ files: [{ path: 'a', bytes: bytes(noEnd) }], role: 'server', hostnames: ['mail.example.com'], roots: [f.root.cert], now: new Date() });
  assert.ok(performance.now() - t < 1000);
  assert.ok(chain.verdicts.every((v) => !v.accepted));
});

test('1,000 valid certificates: only the first 100 are examined (cert-too-many)', () => {
  const text = f.leaf.cert + f.intermediate.cert.repeat(999);
  const { ms, r } = timed(bytes(text), bytes(f.leaf.key));
  assert.ok(r.findings.some((x) => x.code === 'cert-too-many'));
  assert.equal(r.certificates.length, 100);
  assert.ok(ms < 2000, `${ms} ms`);
});

test('truncated base64 in every possible place never throws', () => {
  const full = f.leaf.cert + f.intermediate.cert;
  for (let cut = 0; cut < full.length; cut += 37) {
    const { r } = timed(bytes(full.slice(0, cut)), bytes(f.leaf.key));
    if (cut < full.length - 2) assert.ok(r.findings.length > 0, `cut at ${cut}`);
  }
});

test('a certificate with 5,000 SANs is analysed quickly', () => {
  const { ms, r } = timed(bytes(f.manySans.cert + f.intermediate.cert), bytes(f.leaf.key));
  assert.deepEqual(r.findings, []);
  assert.ok(ms < 200, `${ms} ms`);
  const miss = analyzeCertificate({ certFile: { path: 'c', bytes: bytes(f.manySans.cert + f.intermediate.cert) }, keyFile: { path: 'k', bytes: bytes(f.leaf.key) }, role: 'server', hostnames: ['nope.example.org'], roots: [f.root.cert], now: new Date() });
  assert.match(miss.findings[0]!.message, /and \d+ more/);
  assert.ok(miss.findings[0]!.message.length < 2000);
});

test('warm cost of one analysis: RSA chain and ECDSA chain with the 144+ Node roots', async (t) => {
  const tls = await import('node:tls');
  const rsaRoots = [...tls.rootCertificates, f.root.cert];
  const ecRoots = f.ec ? [...tls.rootCertificates, f.ec.root.cert] : rsaRoots;
  const measure = (cert: string, key: string, roots: string[]) => {
    for (let i = 0; i < 20; i++) timed(bytes(cert), bytes(key), roots);
    const n = 200;
    const start = performance.now();
    for (let i = 0; i < n; i++) timed(bytes(cert), bytes(key), roots);
    return (performance.now() - start) / n;
  };
  const rsa = measure(f.leaf.cert + f.intermediate.cert, f.leaf.key, rsaRoots);
  t.diagnostic(`RSA 2048 leaf + intermediate: ${rsa.toFixed(2)} ms per analysis`);
  assert.ok(rsa < 50, `${rsa} ms`);
  if (f.ec) {
    const ecMs = measure(f.ec.p256.cert, f.ec.p256.key, ecRoots);
    t.diagnostic(`ECDSA P-256 leaf: ${ecMs.toFixed(2)} ms per analysis`);
    assert.ok(ecMs < 50, `${ecMs} ms`);
  }
});

test('the core imports no I/O module (fs, net, tls, child_process…)', () => {
  const dir = join(__dirname, '../../../server/src/core/tls');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.ts')) files.push(join(d, e.name));
    }
  };
  walk(dir);
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const m of imports) assert.ok(!/^(node:)?(fs|fs\/promises|net|tls|dgram|http|https|child_process|worker_threads)$/.test(m), `${file} imports ${m}`);
  }
});

test('an internal failure becomes a cert-analysis-failed warning, never an exception', () => {
  const r = analyzeCertificate({ certFile: { path: 'broken', bytes: undefined as unknown as Uint8Array }, role: 'server', hostnames: ['mail.example.com'], roots: [], now: new Date() });
  assert.deepEqual(r.findings.map((x) => [x.code, x.severity]), [['cert-analysis-failed', 'warning']]);
  const c = analyzeChainFiles({ files: [{ path: 'broken', bytes: null as unknown as Uint8Array }], role: 'server', hostnames: [], roots: [], now: new Date() });
  assert.equal(c.findings[0]!.code, 'cert-analysis-failed');
});
