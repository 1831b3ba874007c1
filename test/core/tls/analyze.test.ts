// analyzeCertificate over real certificates: one test (at least) per finding code, and the
// combinations where one root cause must give exactly one finding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCertificate, type CertificateCheckInput, type CertificateReport } from '../../../server/src/core/tls/analyze.js';
import { bytes, fixtures } from '../../helpers/certificates.js';

const f = fixtures();
const ec = f.ec;

function check(cert: string | Uint8Array, key?: string | Uint8Array, over: Partial<CertificateCheckInput> = {}): CertificateReport {
  return analyzeCertificate({
    certFile: { path: '/etc/postfix/cert.pem', bytes: typeof cert === 'string' ? bytes(cert) : cert },
    ...(key !== undefined ? { keyFile: { path: '/etc/postfix/key.pem', bytes: typeof key === 'string' ? bytes(key) : key } } : {}),
    role: 'server',
    hostnames: ['mail.example.com'],
    roots: [f.root.cert],
    now: new Date(),
    expiryWarningDays: 30,
    ...over,
  });
}

const codes = (r: CertificateReport): string[] => r.findings.map((x) => x.code);
const only = (r: CertificateReport, code: string) => {
  assert.deepEqual(codes(r), [code], JSON.stringify(r.findings, null, 1));
  return r.findings[0]!;
};

test('full chain from the test root: no findings, accepted', () => {
  const r = check(f.leaf.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['mail.example.com', 'smtp.example.com'] });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.verdicts.map((v) => [v.hostname, v.accepted]), [['mail.example.com', true], ['smtp.example.com', true]]);
  assert.equal(r.chain?.status, 'trusted');
  assert.deepEqual(r.chain?.path.map((p) => p.source), ['file', 'file', 'root']);
  assert.equal(r.keyType, 'RSA 2048');
  assert.equal(r.certificates.length, 2);
});

test('key and chain in one file (no separate key file): no findings', () => {
  assert.deepEqual(check(f.leaf.key + f.leaf.cert + f.intermediate.cert).findings, []);
  assert.deepEqual(check(f.leaf.cert + f.intermediate.cert + f.leaf.key).findings, []);
});

test('the same leaf alone: only cert-chain-incomplete, wording points at fullchain.pem', () => {
  const x = only(check(f.leaf.cert, f.leaf.key), 'cert-chain-incomplete');
  assert.equal(x.severity, 'error');
  assert.match(x.message, /fullchain\.pem, not cert\.pem/);
  assert.match(x.message, /postfix-lens Test Intermediate/);
});

test('cert-self-signed alone, and with cert-name-mismatch for the wrong name (two causes)', () => {
  const a = only(check(f.selfSigned.cert, f.leaf.key), 'cert-self-signed');
  assert.match(a.message, /Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host"/);
  const b = check(f.selfSignedOther.cert, f.leaf.key);
  assert.deepEqual(codes(b), ['cert-self-signed', 'cert-name-mismatch']);
  assert.equal(b.verdicts[0]!.accepted, false);
});

test('a self-signed certificate passed as a root is still cert-self-signed (public clients never trust it)', () => {
  only(check(f.selfSigned.cert, f.leaf.key, { roots: [f.root.cert, f.selfSigned.cert] }), 'cert-self-signed');
});

test('cert-name-mismatch lists the names the certificate has and the names expected', () => {
  const x = only(check(f.leaf.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['mx.example.net', 'mail.example.com'] }), 'cert-name-mismatch');
  assert.match(x.message, /Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host"/);
  assert.match(x.message, /connect to mx\.example\.net,? but/);
  assert.match(x.message, /mail\.example\.com, smtp\.example\.com/);
  const r = check(f.leaf.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['mx.example.net', 'mail.example.com'] });
  assert.deepEqual(r.verdicts.map((v) => [v.accepted, v.code]), [[false, 'cert-name-mismatch'], [true, undefined]]);
});

test('wildcard *.example.com: mail.example.com yes; a.b.example.com and example.com no', () => {
  const r = check(f.wildcard.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['mail.example.com', 'a.b.example.com', 'example.com'] });
  assert.deepEqual(r.verdicts.map((v) => v.accepted), [true, false, false]);
  const x = only(r, 'cert-name-mismatch');
  assert.match(x.message, /a\.b\.example\.com, example\.com/);
});

test('a certificate with only a CN: mismatch, and the message says the SAN is missing', () => {
  const x = only(check(f.cnOnly.cert + f.intermediate.cert, f.leaf.key), 'cert-name-mismatch');
  assert.match(x.message, /no DNS names in a Subject Alternative Name/);
  assert.match(x.message, /only in the Common Name/);
});

test('IDNA name and trailing dot are normalised before matching', () => {
  const r = check(f.idna.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['bücher.example', 'BÜCHER.EXAMPLE.', 'xn--bcher-kva.example'] });
  assert.deepEqual(r.findings, []);
  assert.ok(r.verdicts.every((v) => v.accepted));
  const t = check(f.leaf.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['mail.example.com.'] });
  assert.deepEqual(t.findings, []);
});

test('IP address host names are matched against iPAddress SANs', () => {
  assert.deepEqual(check(f.ipSan.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['192.0.2.25'] }).findings, []);
  only(check(f.ipSan.cert + f.intermediate.cert, f.leaf.key, { hostnames: ['192.0.2.26'] }), 'cert-name-mismatch');
});

test('cert-untrusted: a private CA whose root is in the file but not trusted', () => {
  const x = only(check(f.privateLeaf.cert + f.privateRoot.cert, f.leaf.key), 'cert-untrusted');
  assert.match(x.message, /Private Mail CA/);
  assert.equal(x.line, f.privateLeaf.cert.split('\n').length - 1);
});

test('cert-untrusted: an issuer that is not a CA (basicConstraints CA:FALSE)', () => {
  const x = only(check(f.leafOfNotCa.cert + f.notCaIntermediate.cert, f.leaf.key), 'cert-untrusted');
  assert.match(x.message, /not a CA certificate/);
});

test('cert-chain-order: chain given root-first (error, no key-mismatch)', () => {
  const r = check(f.root.cert + f.intermediate.cert + f.leaf.cert, f.leaf.key);
  assert.deepEqual(codes(r).filter((c) => c !== 'cert-chain-extra'), ['cert-chain-order']);
  const x = r.findings[0]!;
  assert.equal(x.severity, 'error');
  assert.equal(x.line, 0);
  assert.match(x.message, /must come first/);
  assert.equal(r.verdicts[0]!.accepted, false);
});

test('cert-chain-order: intermediates after the leaf in the wrong order (warning)', () => {
  const r = check(f.leaf.cert + f.root.cert + f.intermediate.cert, f.leaf.key, { roots: [] });
  // with no trusted roots the path ends at the file's own root: untrusted, and out of order
  assert.deepEqual(codes(r), ['cert-untrusted', 'cert-chain-order']);
  const w = r.findings[1]!;
  assert.equal(w.severity, 'warning');
});

test('cert-chain-extra: an unrelated certificate or the root in the file (hint)', () => {
  const r = check(f.leaf.cert + f.intermediate.cert + f.privateRoot.cert, f.leaf.key);
  assert.deepEqual(codes(r), ['cert-chain-extra']);
  assert.equal(r.findings[0]!.severity, 'hint');
  assert.equal(r.verdicts[0]!.accepted, true);
});

test('cert-expired, cert-not-yet-valid, cert-expiring-soon', () => {
  const e = only(check(f.expired.cert + f.intermediate.cert, f.leaf.key), 'cert-expired');
  assert.match(e.message, /expired on \d{4}-\d\d-\d\d, 10 days ago/);
  const n = only(check(f.notYetValid.cert + f.intermediate.cert, f.leaf.key), 'cert-not-yet-valid');
  assert.match(n.message, /in 10 days/);
  const s = only(check(f.expiringSoon.cert + f.intermediate.cert, f.leaf.key), 'cert-expiring-soon');
  assert.equal(s.severity, 'warning');
  assert.match(s.message, /in 10 days/);
  assert.equal(check(f.expiringSoon.cert + f.intermediate.cert, f.leaf.key).verdicts[0]!.accepted, true);
  assert.deepEqual(check(f.expiringSoon.cert + f.intermediate.cert, f.leaf.key, { expiryWarningDays: 5 }).findings, []);
});

test('an expired intermediate counts', () => {
  const x = only(check(f.leafOfExpiredIntermediate.cert + f.expiredIntermediate.cert, f.leaf.key), 'cert-expired');
  assert.match(x.message, /intermediate certificate .*Expired Intermediate/);
  assert.equal(x.line, f.leafOfExpiredIntermediate.cert.split('\n').length - 1);
});

test('key-mismatch: the key of another certificate; and no key where one is expected', () => {
  const x = only(check(f.leaf.cert + f.intermediate.cert, f.otherKey), 'key-mismatch');
  assert.equal(x.target, 'key');
  assert.match(x.message, /does not belong to the certificate/);
  const y = only(check(f.leaf.cert + f.intermediate.cert), 'key-mismatch');
  assert.match(y.message, /smtpd_tls_key_file is not set/);
  const z = only(check(f.leaf.cert + f.intermediate.cert, f.intermediate.cert), 'key-mismatch');
  assert.match(z.message, /holds only CERTIFICATE/);
  const c = only(check(f.leaf.cert + f.intermediate.cert, undefined, { role: 'client' }), 'key-mismatch');
  assert.match(c.message, /smtp_tls_key_file/);
});

test('key-not-pem and key-encrypted', () => {
  only(check(f.leaf.cert + f.intermediate.cert, f.random), 'key-not-pem');
  const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n';
  const x = only(check(f.leaf.cert + f.intermediate.cert, encrypted), 'key-encrypted');
  assert.match(x.message, /pass-phrase/);
});

test('cert-weak-key (RSA 1024) and cert-weak-signature (SHA-1)', () => {
  const w = only(check(f.weak1024.cert + f.intermediate.cert, f.weak1024.key), 'cert-weak-key');
  assert.match(w.message, /1024/);
  const s = only(check(f.sha1.cert + f.intermediate.cert, f.leaf.key), 'cert-weak-signature');
  assert.match(s.message, /SHA1/);
});

test('cert-not-for-server: EKU clientAuth only', () => {
  const x = only(check(f.clientOnly.cert + f.intermediate.cert, f.leaf.key), 'cert-not-for-server');
  assert.match(x.message, /clientAuth/);
});

test('cert-not-pem: DER, PKCS#12, a bare private key, random bytes, empty; said which', () => {
  const cases: [Uint8Array | string, RegExp][] = [
    [f.der, /binary DER form \(CN=mail\.example\.com.*openssl x509 -inform DER/],
    [f.pkcs12, /PKCS#12 \(\.p12\/\.pfx\) bundle.*openssl pkcs12/],
    [f.leaf.key, /holds a private key \(PRIVATE KEY\) but no certificate/],
    [f.random, /neither PEM, DER nor PKCS#12/],
    [new Uint8Array(0), /is empty/],
    ['hello\nworld\n', /text without any "-----BEGIN CERTIFICATE-----" line/],
  ];
  for (const [input, wording] of cases) {
    const r = check(input, f.leaf.key);
    const x = only(r, 'cert-not-pem');
    assert.match(x.message, wording);
    assert.equal(r.verdicts[0]!.accepted, false);
    assert.equal(r.verdicts[0]!.code, 'cert-not-pem');
  }
});

test('cert-not-pem: truncated base64 and a missing END line are damage at a line', () => {
  const lines = (f.leaf.cert + f.intermediate.cert).split('\n');
  const truncated = lines.slice(0, 5).concat(lines[5]!.slice(0, 30), '-----END CERTIFICATE-----', '').join('\n');
  const x = only(check(truncated, f.leaf.key), 'cert-not-pem');
  assert.equal(x.line, 0);
  assert.match(x.message, /truncated base64|DER object/);
  const cut = (f.leaf.cert + f.intermediate.cert).slice(0, -200);
  const y = only(check(cut, f.leaf.key), 'cert-not-pem');
  assert.match(y.message, /no "-----END CERTIFICATE-----" line/);
});

test('client role: only readability, parsing and key match', () => {
  const r = check(f.selfSignedOther.cert, f.leaf.key, { role: 'client' });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.verdicts, []);
  only(check(f.selfSignedOther.cert, f.otherKey, { role: 'client' }), 'key-mismatch');
});

test('ECDSA P-256, P-384 and Ed25519 chains (openssl-made) are read and verified', { skip: ec ? false : 'openssl command not found' }, () => {
  for (const [pair, type] of [
    [ec!.p256, 'EC P-256'],
    [ec!.p384, 'EC P-384'],
    [ec!.ed25519, 'Ed25519'],
  ] as const) {
    const r = check(pair.cert, pair.key, { roots: [ec!.root.cert] });
    assert.deepEqual(r.findings, [], type);
    assert.equal(r.keyType, type);
    assert.ok(r.verdicts[0]!.accepted);
    only(check(pair.cert, f.leaf.key, { roots: [ec!.root.cert] }), 'key-mismatch');
    only(check(pair.cert, pair.key, { roots: [f.root.cert] }), 'cert-chain-incomplete');
  }
});

test('roots as one bundle string and as Node-style arrays give the same verdict', () => {
  const r = check(f.leaf.cert + f.intermediate.cert, f.leaf.key, { roots: [f.privateRoot.cert + f.root.cert] });
  assert.deepEqual(r.findings, []);
});
