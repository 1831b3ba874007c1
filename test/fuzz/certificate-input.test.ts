// Certificate reading on damaged input. The real certificates and keys of test/helpers/certificates.ts
// (RSA chain, EC and Ed25519 when openssl is there, DER, PKCS#12) are truncated, bit-flipped inside
// their base64 and inside their DER, relabelled, concatenated, duplicated, stripped of END lines, and
// mixed with random base64 between BEGIN and END lines: analyzeCertificate() and analyzeChainFiles()
// never throw, never fall back to cert-analysis-failed (which says "this is a bug"), and return
// findings with documented codes, bounded messages, and lines inside the file they name.
// readFileSafely() on files that are not certificate files (FIFOs with and without a writer,
// /dev/zero, a directory, a socket, symlink loops, 2 MiB, a path through a file, a name too long)
// returns within a watchdog with a reason for each, and the configuration check reports each one on
// the line that names it. (A key only root can read cannot be made while running as root; the io
// tests cover that one.) Runs and seed: see test/helpers/fuzz-settings.ts.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import fc from 'fast-check';
import { analyzeCertificate, type CertificateFinding, type CertificateReport } from '../../server/src/core/tls/analyze';
import { analyzeChainFiles } from '../../server/src/core/tls/chain-files';
import { readFileSafely, type ReadFailureReason } from '../../server/src/io/read-file-safely';
import { checkCertificates, CertificateCache } from '../../server/src/io/certificate-checks';
import { analyzeConfig } from '../../server/src/core/validate';
import { fixtures } from '../helpers/certificates';
import { FUZZ_SEED, fuzzParams, KNOWN_CODES, MAX_MESSAGE, rangeProblem, withSeed } from '../helpers/fuzz-settings';

const f = fixtures();
const NOW = new Date();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-fuzz-cert-'));
const children: ChildProcess[] = [];
const servers: net.Server[] = [];
after(() => {
  for (const c of children) c.kill();
  for (const x of servers) x.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** The material to damage: every real PEM text and binary form the fixtures have. */
const POOL: Uint8Array[] = [
  f.leaf.cert, f.leaf.key, f.intermediate.cert, f.root.cert, f.leaf.cert + f.intermediate.cert, f.leaf.key + f.leaf.cert + f.intermediate.cert,
  f.selfSigned.cert, f.wildcard.cert, f.expired.cert, f.otherKey, f.ipSan.cert, f.idna.cert,
  ...(f.ec ? [f.ec.p256.cert, f.ec.p256.key, f.ec.p384.cert, f.ec.ed25519.cert, f.ec.ed25519.key, f.ec.root.cert] : []),
].map((s): Uint8Array => utf8(s)).concat([f.der, f.pkcs12, f.random.slice(0, 512)] as Uint8Array[]);

const LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PUBLIC KEY', 'X509 CRL', 'CERTIFICATE REQUEST', 'A'];

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Rewrites the body of every PEM block (decoded DER in, DER out), keeping its label. */
function mapDer(b: Uint8Array, fn: (der: Buffer) => Buffer): Uint8Array {
  const text = latin1(b).replace(/(-----BEGIN ([^-\n]*)-----\r?\n)([A-Za-z0-9+/=\s]*?)(-----END [^-\n]*-----)/g, (_m, begin: string, _label: string, body: string, end: string) => {
    const der = fn(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
    return `${begin}${der.toString('base64').replace(/.{1,64}/g, '$&\n')}${end}`;
  });
  return utf8(text);
}

type Op = (b: Uint8Array) => Uint8Array;

/** One damaging operation; fractions are of the current length. */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((x): Op => (b) => b.slice(0, Math.floor(x * b.length))),
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips): Op => (b) => {
    const out = b.slice();
    for (const [x, bit] of flips) if (out.length) out[Math.min(out.length - 1, Math.floor(x * out.length))]! ^= 1 << bit;
    return out;
  }),
  // Inside the DER (weighted up): the base64 stays valid, so the ASN.1 and certificate readers see the damage.
  {
    weight: 3,
    arbitrary: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips): Op => (b) =>
      mapDer(b, (der) => {
        const out = Buffer.from(der);
        for (const [x, v] of flips) if (out.length) out[Math.min(out.length - 1, Math.floor(x * out.length))]! ^= v;
        return out;
      }),
    ),
  },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((x): Op => (b) => mapDer(b, (der) => der.subarray(0, Math.floor(x * der.length)))) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([x, ins]): Op => (b) =>
      mapDer(b, (der) => {
        const at = Math.floor(x * der.length);
        return Buffer.concat([der.subarray(0, at), ins, der.subarray(at)]);
      }),
    ),
  },
  fc.constantFrom(...POOL).map((other): Op => (b) => new Uint8Array(Buffer.concat([b, other]))),
  fc.constantFrom(...POOL).map((other): Op => (b) => new Uint8Array(Buffer.concat([other, b]))),
  fc.integer({ min: 2, max: 5 }).map((n): Op => (b) => new Uint8Array(Buffer.concat(Array.from({ length: n }, () => b)))),
  fc.constantFrom(...LABELS).map((label): Op => (b) => utf8(latin1(b).replace(/(BEGIN|END) [A-Z0-9 ]+-----/, `$1 ${label}-----`))),
  fc.tuple(fc.constantFrom(...LABELS), fc.uint8Array({ maxLength: 600 }), fc.boolean()).map(([label, body, end]): Op => (b) =>
    new Uint8Array(Buffer.concat([b, utf8(`-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64').replace(/.{1,64}/g, '$&\n')}${end ? `-----END ${label}-----\n` : ''}`)])),
  ),
  fc.constant<Op>((b) => utf8(latin1(b).replace(/-----END [^\n]*\n?/, ''))),
  fc.constant<Op>((b) => utf8(latin1(b).replace(/\n/g, '\r\n'))),
  fc.constant<Op>((b) => utf8(latin1(b).replace(/\n(?!-)/g, ''))),
  fc.constant<Op>((b) => utf8(latin1(b).replace(/\n/g, ' \t\n '))),
  fc.constant<Op>((b) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]))),
  fc.constant<Op>((b) => new Uint8Array(Buffer.concat([b, Buffer.from([0])]))),
  fc.constant<Op>((b) => utf8(latin1(b).replace(/=+\n/g, '\n'))),
);

const damagedArb: fc.Arbitrary<Uint8Array> = fc.tuple(fc.constantFrom(...POOL), fc.array(opArb, { minLength: 0, maxLength: 4 })).map(([start, ops]) => {
  let b = start;
  // Concatenation and repetition grow a file; past 64 KiB it is cut (big inputs have their own test).
  for (const op of ops) b = op(b).slice(0, 64 * 1024);
  return b;
});

const rootsArb = fc.oneof({ weight: 5, arbitrary: fc.constant([f.root.cert]) }, { weight: 1, arbitrary: fc.constant([...tls.rootCertificates, f.root.cert]) }, { weight: 1, arbitrary: fc.constant<string[]>([]) });
const hostnamesArb = fc.array(fc.constantFrom('mail.example.com', 'smtp.example.com', 'other.example.org', '192.0.2.25', 'bücher.example', 'MAIL.EXAMPLE.COM.', '', '*.example.com', '[::1]', 'a'.repeat(300)), { maxLength: 3 });

const lineCounts = new WeakMap<Uint8Array, number>();

function lineCount(b: Uint8Array): number {
  let n = lineCounts.get(b);
  if (n === undefined) {
    n = 1;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
    lineCounts.set(b, n);
  }
  return n;
}

/** Everything wrong with the findings of one analysis of these files. */
function findingProblems(findings: readonly CertificateFinding[], files: Record<string, Uint8Array>): string[] {
  const out: string[] = [];
  for (const x of findings) {
    if (!KNOWN_CODES.has(x.code)) out.push(`unknown code ${x.code}`);
    if (x.code === 'cert-analysis-failed') out.push(`cert-analysis-failed (an exception inside the analysis): ${x.message}`);
    if (!['error', 'warning', 'information', 'hint'].includes(x.severity)) out.push(`${x.code}: severity ${x.severity}`);
    if (x.target !== 'cert' && x.target !== 'key') out.push(`${x.code}: target ${x.target}`);
    if (!x.message) out.push(`${x.code}: empty message`);
    else if (x.message.length > MAX_MESSAGE) out.push(`${x.code}: message of ${x.message.length} characters`);
    if (x.path !== undefined && !(x.path in files)) out.push(`${x.code}: path ${x.path} is none of the files`);
    if (x.line !== undefined) {
      const lines = x.path !== undefined && files[x.path] ? lineCount(files[x.path]!) : Infinity;
      if (!Number.isInteger(x.line) || x.line < 0 || x.line >= lines) out.push(`${x.code}: line ${x.line} outside 0..${lines - 1} of ${x.path}`);
    }
  }
  return out;
}

function verdictProblems(r: { verdicts: { hostname: string; accepted: boolean; reason: string; code?: string }[] }, role: string, hostnames: string[]): string[] {
  const out: string[] = [];
  if (role === 'client' && r.verdicts.length > 0) out.push('verdicts for the client role');
  if (role === 'server' && r.verdicts.length !== hostnames.length) out.push(`${r.verdicts.length} verdicts for ${hostnames.length} host names`);
  for (const v of r.verdicts) {
    if (typeof v.accepted !== 'boolean' || !v.reason) out.push(`verdict ${JSON.stringify(v)}`);
    if (v.code !== undefined && !KNOWN_CODES.has(v.code)) out.push(`verdict code ${v.code}`);
  }
  return out;
}

const show = (files: Record<string, Uint8Array>) => Object.entries(files).map(([p, b]) => `${p}: ${b.length} bytes ${JSON.stringify(latin1(b.slice(0, 120)))}`).join('; ');

test(`analyzeCertificate(): damaged certificate and key files (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  const seen = new Map<string, number>();
  withSeed(() =>
    fc.assert(
      fc.property(damagedArb, fc.option(damagedArb, { nil: undefined }), fc.constantFrom<'server' | 'client'>('server', 'server', 'client'), hostnamesArb, rootsArb, fc.boolean(), (cert, key, role, hostnames, roots, keyUnavailable) => {
        const files: Record<string, Uint8Array> = { 'cert.pem': cert, ...(key ? { 'key.pem': key } : {}) };
        let r: CertificateReport;
        try {
          r = analyzeCertificate({ certFile: { path: 'cert.pem', bytes: cert }, ...(key ? { keyFile: { path: 'key.pem', bytes: key } } : {}), role, hostnames, roots, now: NOW, keyUnavailable: !key && keyUnavailable });
        } catch (e) {
          assert.fail(`analyzeCertificate threw ${(e as Error)?.stack}; ${show(files)}`);
        }
        assert.deepEqual([...findingProblems(r.findings, files), ...verdictProblems(r, role, hostnames)], [], show(files));
        assert.ok(Array.isArray(r.certificates));
        for (const x of r.findings) seen.set(x.code, (seen.get(x.code) ?? 0) + 1);
      }),
      fuzzParams(300),
    ),
  );
  // What the damage reached (a hint for whoever tunes the operations above).
  console.log(`analyzeCertificate codes: ${[...seen].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
});

test(`analyzeChainFiles(): damaged smtpd_tls_chain_files streams (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  withSeed(() =>
    fc.assert(
      fc.property(fc.array(damagedArb, { minLength: 1, maxLength: 4 }), fc.constantFrom<'server' | 'client'>('server', 'client'), hostnamesArb, rootsArb, (list, role, hostnames, roots) => {
        const files: Record<string, Uint8Array> = Object.fromEntries(list.map((b, i) => [`chain${i}.pem`, b]));
        let r: ReturnType<typeof analyzeChainFiles>;
        try {
          r = analyzeChainFiles({ files: list.map((bytes, i) => ({ path: `chain${i}.pem`, bytes })), role, hostnames, roots, now: NOW });
        } catch (e) {
          assert.fail(`analyzeChainFiles threw ${(e as Error)?.stack}; ${show(files)}`);
        }
        const all = [...r.findings, ...r.pairs.flatMap((p) => p.findings)];
        assert.deepEqual([...findingProblems(all, files), ...verdictProblems(r, role, hostnames)], [], show(files));
      }),
      fuzzParams(150),
    ),
  );
});

test('big inputs: 10,000 real certificate blocks, 10,000 random base64 blocks, 2 MiB of PEM-like text', { timeout: 120_000 }, () => {
  const block = (label: string) => `-----BEGIN ${label}-----\n${randomBytes(300).toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
  const inputs: Record<string, Uint8Array> = {
    '10k-leaf.pem': utf8(f.leaf.cert.repeat(10_000)),
    '10k-random.pem': utf8(Array.from({ length: 10_000 }, (_, i) => block(LABELS[i % LABELS.length]!)).join('')),
    '10k-keys.pem': utf8((f.leaf.key + f.otherKey).repeat(5_000)),
    '2mib.pem': utf8((f.leaf.cert + f.intermediate.cert).repeat(Math.ceil((2 * 1024 * 1024) / (f.leaf.cert.length + f.intermediate.cert.length)))),
    '2mib-zero.pem': new Uint8Array(2 * 1024 * 1024),
  };
  for (const [name, bytes] of Object.entries(inputs)) {
    const r = analyzeCertificate({ certFile: { path: name, bytes }, keyFile: { path: 'key.pem', bytes: utf8(f.leaf.key) }, role: 'server', hostnames: ['mail.example.com'], roots: [f.root.cert], now: NOW });
    assert.deepEqual(findingProblems(r.findings, { [name]: bytes, 'key.pem': utf8(f.leaf.key) }), [], name);
    const c = analyzeChainFiles({ files: [{ path: name, bytes }], role: 'server', hostnames: ['mail.example.com'], roots: [f.root.cert], now: NOW });
    assert.deepEqual(findingProblems([...c.findings, ...c.pairs.flatMap((p) => p.findings)], { [name]: bytes }), [], `${name} as chain files`);
  }
});

test('smtpd_tls_chain_files of 10,000 private keys: one finding for all the keys, not one per key', () => {
  // Found by fuzzing: each key gave its own cert-chain-order finding, 10,000 of them on one line.
  const bytes = utf8((f.leaf.key + f.otherKey).repeat(5_000));
  const c = analyzeChainFiles({ files: [{ path: 'keys.pem', bytes }], role: 'server', hostnames: ['mail.example.com'], roots: [f.root.cert], now: NOW });
  const all = [...c.findings, ...c.pairs.flatMap((p) => p.findings)];
  assert.deepEqual(all.map((x) => x.code), ['cert-chain-order']);
  assert.match(all[0]!.message, /^The private key at keys\.pem line 1 is not followed by its certificate, nor are 9999 more keys \(keys\.pem line \d+, .* and 9994 more\)/);
  assert.deepEqual(findingProblems(all, { 'keys.pem': bytes }), []);
});

test('smtpd_tls_chain_files of 1,000 key and certificate groups: the first few are examined, the rest counted', () => {
  const bytes = utf8((f.otherKey + f.leaf.cert).repeat(1_000));
  const t0 = performance.now();
  const c = analyzeChainFiles({ files: [{ path: 'pairs.pem', bytes }], role: 'server', hostnames: ['mail.example.com'], roots: [f.root.cert], now: NOW });
  const ms = performance.now() - t0;
  const all = [...c.findings, ...c.pairs.flatMap((p) => p.findings)];
  assert.ok(c.pairs.length <= 10, `${c.pairs.length} groups examined`);
  assert.ok(all.length <= 30, `${all.length} findings`);
  assert.match(c.findings.find((x) => x.code === 'cert-too-many')?.message ?? '', /holds 1000 key and certificate groups; only the first \d+ were examined/);
  assert.equal(c.verdicts[0]?.accepted, false);
  assert.ok(ms < 5_000, `${ms} ms`);
});

test('a 1 MiB smtpd_tls_chain_files file full of keys: few findings on the smtpd_tls_chain_files line', { timeout: 60_000 }, async () => {
  const file = path.join(dir, 'many-keys.pem');
  const unit = f.leaf.key + f.otherKey;
  fs.writeFileSync(file, unit.repeat(Math.floor((1024 * 1024 - 1) / unit.length)));
  const a = analyzeConfig(`smtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${file}\n`, null);
  const { findings } = await checkCertificates(a, { hostnames: [], extraCa: [], now: NOW, expiryWarningDays: 30, cache: new CertificateCache() });
  const order = findings.filter((x) => x.code === 'cert-chain-order');
  assert.equal(order.length, 1, JSON.stringify(findings.map((x) => x.code)));
  assert.equal(order[0]!.range.start.line, 1);
  assert.ok(findings.length <= 5, JSON.stringify(findings.map((x) => x.code)));
});

// ---- readFileSafely and the configuration check on files that are not certificate files --------

const READ_TIMEOUT_MS = 1000;
/** The read must be over well within this (it has its own READ_TIMEOUT_MS timeout). */
const WATCHDOG_MS = 10_000;
const REASONS: ReadFailureReason[] = ['missing', 'unreadable', 'not-regular', 'too-large', 'loop', 'error'];

async function watched<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not return within ${WATCHDOG_MS} ms`)), WATCHDOG_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Files that are not certificate files, each with the reason readFileSafely must give (made once). */
let made: Promise<{ path: string; reason: ReadFailureReason }[]> | undefined;
const badFiles = () => (made ??= makeBadFiles());

async function makeBadFiles(): Promise<{ path: string; reason: ReadFailureReason }[]> {
  const p = (name: string) => path.join(dir, name);
  const out: { path: string; reason: ReadFailureReason }[] = [];
  const fifo = p('fifo.pem');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  out.push({ path: fifo, reason: 'not-regular' });
  // A FIFO with a writer that holds it open and never writes (a read would block forever).
  const held = p('held-fifo.pem');
  assert.equal(spawnSync('mkfifo', [held]).status, 0);
  const writer = spawn('sh', ['-c', 'exec 3>"$1"; sleep 600', 'sh', held], { stdio: 'ignore' });
  children.push(writer);
  out.push({ path: held, reason: 'not-regular' });
  out.push({ path: '/dev/zero', reason: 'not-regular' });
  out.push({ path: '/dev/urandom', reason: 'not-regular' });
  fs.symlinkSync('/dev/zero', p('zero-link.pem'));
  out.push({ path: p('zero-link.pem'), reason: 'not-regular' });
  fs.symlinkSync(fifo, p('fifo-link.pem'));
  out.push({ path: p('fifo-link.pem'), reason: 'not-regular' });
  fs.mkdirSync(p('a-directory.pem'));
  out.push({ path: p('a-directory.pem'), reason: 'not-regular' });
  const sock = p('sock.pem');
  const server = net.createServer();
  await new Promise<void>((ok) => server.listen(sock, ok));
  servers.push(server);
  out.push({ path: sock, reason: 'not-regular' });
  fs.symlinkSync(p('loop-b.pem'), p('loop-a.pem'));
  fs.symlinkSync(p('loop-a.pem'), p('loop-b.pem'));
  out.push({ path: p('loop-a.pem'), reason: 'loop' });
  fs.symlinkSync(p('self.pem'), p('self.pem'));
  out.push({ path: p('self.pem'), reason: 'loop' });
  fs.writeFileSync(p('2mib.pem'), Buffer.alloc(2 * 1024 * 1024, 'A'));
  out.push({ path: p('2mib.pem'), reason: 'too-large' });
  fs.writeFileSync(p('just-over.pem'), Buffer.alloc(1024 * 1024 + 1, 'A'));
  out.push({ path: p('just-over.pem'), reason: 'too-large' });
  out.push({ path: p('nonexistent.pem'), reason: 'missing' });
  fs.writeFileSync(p('plain-file'), 'x');
  out.push({ path: p('plain-file/below.pem'), reason: 'missing' });
  fs.symlinkSync(p('nowhere.pem'), p('dangling.pem'));
  out.push({ path: p('dangling.pem'), reason: 'missing' });
  out.push({ path: p('x'.repeat(300) + '.pem'), reason: 'error' }); // ENAMETOOLONG
  return out;
}

test('readFileSafely(): never blocks, and gives a reason for every file that is not a certificate file', { timeout: 60_000 }, async () => {
  for (const b of await badFiles()) {
    const r = await watched(`readFileSafely(${b.path})`, readFileSafely(b.path, { timeoutMs: READ_TIMEOUT_MS }));
    assert.equal(r.ok, false, `${b.path} was read`);
    if (r.ok) continue;
    assert.ok(REASONS.includes(r.reason), `${b.path}: reason ${r.reason}`);
    assert.equal(r.reason, b.reason, `${b.path}: ${r.message}`);
    assert.ok(r.message.length > 0 && r.message.length <= MAX_MESSAGE, `${b.path}: message ${r.message.length}`);
  }
});

test(`readFileSafely(): regular files of any content and size up to the limit come back byte for byte (seed ${FUZZ_SEED})`, { timeout: 60_000 }, async () => {
  let n = 0;
  await withSeed(() =>
    fc.assert(
      fc.asyncProperty(damagedArb, fc.integer({ min: 0, max: 2 * 1024 * 1024 }), async (bytes, limit) => {
        const file = path.join(dir, `regular-${n++}.pem`);
        fs.writeFileSync(file, bytes);
        const r = await watched(`readFileSafely(${file})`, readFileSafely(file, { limit, timeoutMs: READ_TIMEOUT_MS * 5 }));
        if (bytes.length <= limit) {
          assert.ok(r.ok, `${bytes.length} bytes, limit ${limit}: ${!r.ok && r.message}`);
          assert.ok(Buffer.from(r.bytes).equals(Buffer.from(bytes)), 'same bytes');
        } else assert.equal(!r.ok && r.reason, 'too-large', `${bytes.length} bytes, limit ${limit}`);
        fs.rmSync(file);
      }),
      fuzzParams(100),
    ),
  );
});

test('the configuration check reports every bad file on the line that names it, with a documented code', { timeout: 60_000 }, async () => {
  const paths = (await badFiles()).map((b) => b.path);
  const cache = new CertificateCache({ timeoutMs: READ_TIMEOUT_MS });
  for (const p of paths) {
    for (const [param, other] of [
      ['smtpd_tls_cert_file', `smtpd_tls_key_file = ${path.join(dir, 'nonexistent-key.pem')}`],
      ['smtpd_tls_key_file', `smtpd_tls_cert_file = ${path.join(dir, 'nonexistent-cert.pem')}`],
      ['smtpd_tls_chain_files', ''],
    ] as const) {
      const main = `myhostname = mail.example.com\nsmtpd_tls_security_level = may\n${param} = ${p}\n${other}\n`;
      const a = analyzeConfig(main, null);
      const { findings } = await watched(`checkCertificates(${param} = ${p})`, checkCertificates(a, { hostnames: [], extraCa: [], now: NOW, expiryWarningDays: 30, cache }));
      const lines = main.split('\n');
      for (const x of findings) {
        assert.ok(KNOWN_CODES.has(x.code), `${x.code} for ${p}`);
        assert.notEqual(x.code, 'cert-analysis-failed', x.message);
        assert.equal(rangeProblem(x.range, lines), null, `${x.code} for ${p}`);
        assert.ok(x.message.length <= MAX_MESSAGE, `${x.code}: ${x.message.length} characters`);
      }
      const here = findings.filter((x) => x.range.start.line === 2);
      assert.ok(here.length > 0, `${param} = ${p}: no finding on its line (${findings.map((x) => `${x.code}@${x.range.start.line}`).join(', ')})`);
      assert.ok(here.some((x) => x.message.includes(p) || x.message.includes(path.basename(p))), `${param} = ${p}: no finding names the file: ${here.map((x) => x.message).join(' / ')}`);
    }
  }
});

