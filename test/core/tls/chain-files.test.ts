// smtpd_tls_chain_files: (key, certificate, intermediates) groups in one stream over several files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeChainFiles, type ChainFilesCheckInput } from '../../../server/src/core/tls/chain-files.js';
import { bytes, fixtures } from '../../helpers/certificates.js';

const f = fixtures();
const ec = f.ec;

function check(files: string[], over: Partial<ChainFilesCheckInput> = {}) {
  return analyzeChainFiles({
    files: files.map((text, i) => ({ path: `/etc/postfix/chain${i}.pem`, bytes: bytes(text) })),
    role: 'server',
    hostnames: ['mail.example.com'],
    roots: ec ? [f.root.cert, ec.root.cert] : [f.root.cert],
    now: new Date(),
    ...over,
  });
}

const all = (r: ReturnType<typeof check>) => [...r.findings, ...r.pairs.flatMap((p) => p.findings)].map((x) => x.code);

test('one file with key, certificate and intermediate: one clean pair', () => {
  const r = check([f.leaf.key + f.leaf.cert + f.intermediate.cert]);
  assert.equal(r.pairs.length, 1);
  assert.deepEqual(all(r), []);
  assert.equal(r.verdicts[0]!.accepted, true);
});

test('RSA and ECDSA pairs in two files: two pairs, both checked', { skip: ec ? false : 'openssl command not found' }, () => {
  const r = check([f.leaf.key + f.leaf.cert + f.intermediate.cert, ec!.p256.key + ec!.p256.cert]);
  assert.deepEqual(r.pairs.map((p) => p.keyType), ['RSA 2048', 'EC P-256']);
  assert.deepEqual(all(r), []);
  assert.equal(r.verdicts[0]!.accepted, true);
});

test('one bad pair refuses the name: the other algorithm may be the one a client picks', { skip: ec ? false : 'openssl command not found' }, () => {
  const r = check([f.leaf.key + f.leaf.cert + f.intermediate.cert + ec!.p256.key + ec!.p256.cert], { hostnames: ['smtp.example.com', 'mail.example.com'] });
  assert.deepEqual(all(r), []);
  const bad = check([f.leaf.key + f.leaf.cert + f.intermediate.cert + f.leaf.key + f.selfSigned.cert]);
  assert.deepEqual(all(bad), ['cert-self-signed']);
  assert.equal(bad.verdicts[0]!.accepted, false);
});

test('key after the certificates (fullchain.pem + privkey.pem): cert-chain-order, not key-mismatch', () => {
  const r = check([f.leaf.cert + f.intermediate.cert, f.leaf.key]);
  assert.deepEqual(all(r), ['cert-chain-order']);
  assert.match(r.findings[0]!.message, /key must come first/);
  assert.equal(r.verdicts[0]!.accepted, false);
});

test('a key not followed by a certificate, and a file that is not PEM', () => {
  const r = check([f.leaf.key + f.leaf.cert + f.intermediate.cert + f.otherKey]);
  assert.deepEqual(all(r), ['cert-chain-order']);
  const g = check([f.leaf.key + f.leaf.cert + f.intermediate.cert, 'garbage']);
  assert.deepEqual(all(g), ['cert-not-pem']);
  assert.equal(g.verdicts[0]!.accepted, false);
});

test('a wrong key before a certificate: key-mismatch for that pair', () => {
  const r = check([f.otherKey + f.leaf.cert + f.intermediate.cert]);
  assert.deepEqual(all(r), ['key-mismatch']);
});
