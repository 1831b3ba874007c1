import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCertificateInfo } from '../../../server/src/core/tls/certificate-info.js';
import { scanPem } from '../../../server/src/core/tls/pem.js';
import { bytes, fixtures, openssl } from '../../helpers/certificates.js';

const f = fixtures();

function info(pem: string) {
  const der = scanPem(bytes(pem)).blocks[0]!.der!;
  return readCertificateInfo(der, new X509Certificate(der), 0, 0);
}

test('RSA leaf: names, SANs, usages, key ids, validity, algorithms, fingerprint', () => {
  const i = info(f.ipSan.cert);
  assert.equal(i.subject, 'CN=mail.example.com, O=postfix-lens tests');
  assert.equal(i.commonName, 'mail.example.com');
  assert.equal(i.issuer, 'CN=postfix-lens Test Intermediate, O=postfix-lens tests');
  assert.deepEqual(i.dnsNames, ['mail.example.com']);
  assert.deepEqual(i.ipAddresses, ['192.0.2.25']);
  assert.equal(i.isCA, false);
  assert.deepEqual(i.keyUsage, ['digitalSignature', 'keyEncipherment']);
  assert.deepEqual(i.extKeyUsage, ['serverAuth']);
  assert.equal(i.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(i.signatureHash, 'sha256');
  assert.equal(i.keyAlgorithm, 'RSA');
  assert.equal(i.keySize, 2048);
  assert.match(i.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.match(i.notBefore, /^\d{4}-\d\d-\d\dT/);
  const inter = info(f.intermediate.cert);
  assert.equal(i.authorityKeyId, inter.subjectKeyId);
  assert.equal(inter.isCA, true);
  assert.equal(inter.pathLength, 0);
  assert.deepEqual(inter.keyUsage, ['keyCertSign', 'cRLSign']);
  assert.equal(inter.extKeyUsage, undefined);
});

test('SHA-1 signature, 1024-bit key, clientAuth only', () => {
  assert.equal(info(f.sha1.cert).signatureHash, 'sha1');
  assert.equal(info(f.weak1024.cert).keySize, 1024);
  assert.deepEqual(info(f.clientOnly.cert).extKeyUsage, ['clientAuth']);
});

test('ECDSA and Ed25519 certificates (which forge.pki cannot read)', { skip: f.ec ? false : 'openssl command not found' }, () => {
  const p256 = info(f.ec!.p256.cert);
  assert.deepEqual([p256.keyAlgorithm, p256.curve, p256.keySize, p256.signatureAlgorithm], ['EC', 'P-256', 256, 'ecdsa-with-SHA256']);
  assert.deepEqual(p256.dnsNames, ['mail.example.com', 'smtp.example.com']);
  const p384 = info(f.ec!.p384.cert);
  assert.deepEqual([p384.curve, p384.keySize], ['P-384', 384]);
  const ed = info(f.ec!.ed25519.cert);
  assert.equal(ed.keyAlgorithm, 'Ed25519');
  const root = info(f.ec!.root.cert);
  assert.equal(root.isCA, true);
});

test('UTF-8 subject values are decoded to Unicode', { skip: f.ec ? false : 'openssl command not found' }, () => {
  const r = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'utf8.key', '-out', 'utf8.pem', '-utf8', '-subj', '/CN=bücher.example/O=Grüße GmbH', '-days', '1'], f.dir);
  assert.equal(r.status, 0, r.stderr);
  const i = info(readFileSync(`${f.dir}/utf8.pem`, 'utf8'));
  assert.equal(i.subject, 'CN=bücher.example, O=Grüße GmbH');
});

test('5,000 SANs are all read', () => {
  assert.equal(info(f.manySans.cert).dnsNames.length, 5001);
});
