import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPem } from '../../../server/src/core/tls/pem.js';
import { detectFormat } from '../../../server/src/core/tls/file-format.js';
import { bytes, fixtures } from '../../helpers/certificates.js';

const f = fixtures();

test('blocks in order, with labels, kinds and 0-based BEGIN lines', () => {
  const text = `subject=CN = mail.example.com\n${f.leaf.cert}\nBag Attributes\n${f.intermediate.cert}${f.leaf.key}`;
  const scan = scanPem(bytes(text));
  assert.equal(scan.total, 3);
  assert.deepEqual(scan.blocks.map((b) => [b.label, b.kind, b.index]), [
    ['CERTIFICATE', 'certificate', 0],
    ['CERTIFICATE', 'certificate', 1],
    ['PRIVATE KEY', 'private-key', 2],
  ]);
  const leafLines = f.leaf.cert.split('\n').length - 1;
  assert.deepEqual(scan.blocks.map((b) => b.line), [1, 1 + leafLines + 2, 1 + leafLines + 2 + f.intermediate.cert.split('\n').length - 1]);
  assert.ok(scan.blocks.every((b) => b.der && !b.damage));
});

test('CRLF line ends are accepted', () => {
  const scan = scanPem(bytes(f.leaf.cert.replace(/\n/g, '\r\n')));
  assert.equal(scan.blocks.length, 1);
  assert.ok(scan.blocks[0]!.der);
});

test('BEGIN not at column 0 is ignored, as OpenSSL does; a leading UTF-8 BOM is skipped, as OpenSSL does', () => {
  assert.equal(scanPem(bytes('\ufeff' + f.leaf.cert)).blocks.length, 1);
  assert.equal(scanPem(bytes('  ' + f.leaf.cert + f.intermediate.cert)).blocks.length, 1);
});

test('legacy encrypted RSA keys are recognised by their Proc-Type header', () => {
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nMIIBOgIBAAJBAK==\n-----END RSA PRIVATE KEY-----\n';
  const b = scanPem(bytes(pem)).blocks[0]!;
  assert.equal(b.kind, 'encrypted-private-key');
  assert.equal(b.headers.get('Proc-Type'), '4,ENCRYPTED');
});

test('damage: bad characters, truncated base64, wrong END label, missing END', () => {
  const body = f.leaf.cert.split('\n').slice(1, -2).join('\n');
  const damage = (t: string) => scanPem(bytes(t)).blocks[0]!.damage ?? '';
  assert.match(damage(`-----BEGIN CERTIFICATE-----\n${body}!!\n-----END CERTIFICATE-----\n`), /not base64/);
  assert.match(damage(`-----BEGIN CERTIFICATE-----\n${body.slice(0, -3)}\n-----END CERTIFICATE-----\n`), /truncated base64|DER object/);
  assert.match(damage(`-----BEGIN CERTIFICATE-----\n${body}\n-----END PRIVATE KEY-----\n`), /instead of "-----END CERTIFICATE-----"/);
  assert.match(damage(`-----BEGIN CERTIFICATE-----\n${body}\n`), /cut off/);
  assert.match(damage(`-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n`), /empty/);
});

test('detectFormat names DER, PKCS#12, DER keys, CSR-less garbage and armour-less base64', () => {
  assert.equal(detectFormat(f.der).kind, 'der-certificate');
  assert.equal(detectFormat(f.pkcs12).kind, 'pkcs12');
  assert.equal(detectFormat(f.random).kind, 'binary');
  assert.equal(detectFormat(new Uint8Array(0)).kind, 'empty');
  assert.equal(detectFormat(bytes('   \n')).kind, 'empty');
  const keyDer = Buffer.from(f.leaf.key.split('\n').slice(1, -2).join(''), 'base64');
  assert.deepEqual(detectFormat(new Uint8Array(keyDer)), { kind: 'der-private-key', encrypted: false });
  const bare = detectFormat(bytes(f.leaf.cert.split('\n').slice(1, -2).join('\n')));
  assert.equal(bare.kind, 'base64-without-armor');
});
