// Our trust and name verdict against OpenSSL's own: for each fixture,
//   openssl verify -auth_level 2 -purpose sslserver -CAfile root.pem -untrusted chain.pem -verify_hostname H leaf.pem
// must agree with analyzeCertificate: exit code 0 exactly when we accept, and otherwise OpenSSL's
// first error (its number, and its text loosely) is the one our refusing finding stands for.
// -auth_level 2 (112-bit security: RSA >= 2048, no SHA-1) and -purpose sslserver (EKU) make
// OpenSSL apply the policy strict clients apply. One known, deliberate difference: OpenSSL falls
// back to the CN when a certificate has no DNS SAN; Gmail and we do not (last test).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCertificate } from '../../../server/src/core/tls/analyze.js';
import { bytes, fixtures, openssl, type Pair } from '../../helpers/certificates.js';

const f = fixtures();

/** OpenSSL X509_V_ERR numbers (and a loose text check) each refusing code stands for. */
const OPENSSL_ERRORS: Record<string, { numbers: number[]; text: RegExp }> = {
  'cert-chain-incomplete': { numbers: [20], text: /unable to get local issuer certificate/ },
  'cert-self-signed': { numbers: [18], text: /self.signed certificate$/ },
  'cert-untrusted': { numbers: [19, 2, 24, 79, 32], text: /self.signed certificate in certificate chain|invalid CA certificate|unable to get issuer certificate|key usage/ },
  'cert-expired': { numbers: [10], text: /certificate has expired/ },
  'cert-not-yet-valid': { numbers: [9], text: /certificate is not yet valid/ },
  'cert-weak-key': { numbers: [66, 67], text: /key too weak/ },
  'cert-weak-signature': { numbers: [68], text: /digest algorithm too weak/ },
  'cert-not-for-server': { numbers: [26], text: /unsuitable certificate purpose|unsupported certificate purpose/ },
  'cert-name-mismatch': { numbers: [62], text: /hostname mismatch/ },
};

interface Case {
  name: string;
  leaf: Pair;
  chain?: string;
  root?: string;
  host?: string;
}

const cases: Case[] = [
  { name: 'full chain', leaf: f.leaf, chain: f.intermediate.cert },
  { name: 'leaf alone', leaf: f.leaf },
  { name: 'self-signed', leaf: f.selfSigned },
  { name: 'self-signed, other name', leaf: f.selfSignedOther },
  { name: 'wildcard, one label', leaf: f.wildcard, chain: f.intermediate.cert },
  { name: 'wildcard, two labels', leaf: f.wildcard, chain: f.intermediate.cert, host: 'a.b.example.com' },
  { name: 'wildcard, bare domain', leaf: f.wildcard, chain: f.intermediate.cert, host: 'example.com' },
  { name: 'wrong name', leaf: f.leaf, chain: f.intermediate.cert, host: 'mx.example.net' },
  { name: 'expired', leaf: f.expired, chain: f.intermediate.cert },
  { name: 'not yet valid', leaf: f.notYetValid, chain: f.intermediate.cert },
  { name: 'expiring soon', leaf: f.expiringSoon, chain: f.intermediate.cert },
  { name: 'RSA 1024', leaf: f.weak1024, chain: f.intermediate.cert },
  { name: 'SHA-1', leaf: f.sha1, chain: f.intermediate.cert },
  { name: 'clientAuth only', leaf: f.clientOnly, chain: f.intermediate.cert },
  { name: 'private CA', leaf: f.privateLeaf, chain: f.privateRoot.cert },
  { name: 'issuer not a CA', leaf: f.leafOfNotCa, chain: f.notCaIntermediate.cert },
  { name: 'expired intermediate', leaf: f.leafOfExpiredIntermediate, chain: f.expiredIntermediate.cert },
  { name: 'IDNA A-label', leaf: f.idna, chain: f.intermediate.cert, host: 'xn--bcher-kva.example' },
  { name: 'IP SAN', leaf: f.ipSan, chain: f.intermediate.cert, host: 'mail.example.com' },
  { name: '5,000 SANs', leaf: f.manySans, chain: f.intermediate.cert },
  ...(f.ec
    ? [
        { name: 'ECDSA P-256', leaf: f.ec.p256, root: f.ec.root.cert },
        { name: 'ECDSA P-384', leaf: f.ec.p384, root: f.ec.root.cert },
        { name: 'Ed25519', leaf: f.ec.ed25519, root: f.ec.root.cert },
        { name: 'ECDSA leaf, RSA root', leaf: f.ec.p256 },
      ]
    : []),
];

function opensslVerdict(c: Case, i: number): { status: number | null; errorNumber?: number; errorText?: string } {
  const root = f.file(`diff-${i}-root.pem`, c.root ?? f.root.cert);
  const leaf = f.file(`diff-${i}-leaf.pem`, c.leaf.cert);
  const untrusted = c.chain ? ['-untrusted', f.file(`diff-${i}-chain.pem`, c.chain)] : [];
  const r = openssl(['verify', '-auth_level', '2', '-purpose', 'sslserver', '-CAfile', root, ...untrusted, '-verify_hostname', c.host ?? 'mail.example.com', leaf], f.dir);
  const m = /error (\d+) at \d+ depth lookup: ?(.*)/.exec(r.stdout + r.stderr);
  return { status: r.status, errorNumber: m ? Number(m[1]) : undefined, errorText: m?.[2]?.trim() };
}

function ours(c: Case) {
  const r = analyzeCertificate({
    certFile: { path: 'cert.pem', bytes: bytes(c.leaf.cert + (c.chain ?? '')) },
    keyFile: { path: 'key.pem', bytes: bytes(c.leaf.key) },
    role: 'server',
    hostnames: [c.host ?? 'mail.example.com'],
    roots: [c.root ?? f.root.cert],
    now: new Date(),
  });
  return r.verdicts[0]!;
}

const haveOpenssl = f.ec !== undefined;

cases.forEach((c, i) => {
  test(`agrees with openssl verify: ${c.name}`, { skip: haveOpenssl ? false : 'openssl command not found' }, () => {
    const theirs = opensslVerdict(c, i);
    const mine = ours(c);
    assert.equal(mine.accepted, theirs.status === 0, `openssl: ${theirs.status} ${theirs.errorNumber} ${theirs.errorText}; ours: ${mine.code} ${mine.reason}`);
    if (mine.accepted) return;
    const expected = OPENSSL_ERRORS[mine.code ?? ''];
    assert.ok(expected, `no OpenSSL mapping for ${mine.code}`);
    assert.ok(expected.numbers.includes(theirs.errorNumber ?? -1), `ours ${mine.code}, openssl error ${theirs.errorNumber} (${theirs.errorText})`);
    assert.match(theirs.errorText ?? '', expected.text);
  });
});

test('deliberate difference: a certificate with only a CN — openssl falls back to the CN, Gmail and we do not', { skip: haveOpenssl ? false : 'openssl command not found' }, () => {
  const c: Case = { name: 'CN only', leaf: f.cnOnly, chain: f.intermediate.cert };
  assert.equal(opensslVerdict(c, 99).status, 0);
  const mine = ours(c);
  assert.equal(mine.accepted, false);
  assert.equal(mine.code, 'cert-name-mismatch');
});
