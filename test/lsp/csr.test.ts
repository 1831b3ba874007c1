// postfixLens/createCsr over real JSON-RPC: the key (mode 0600) and the CSR beside main.cf, for
// $myhostname, postfixLens.hostnames and the added names; never overwriting a file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';
import type { CreateCsrResult } from '../../server/src/protocol';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

type Ok = Extract<CreateCsrResult, { ok: true }>;

function sansOf(csrPath: string): string[] {
  const r = spawnSync('openssl', ['req', '-in', csrPath, '-verify', '-noout', '-text'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(`${r.stdout}${r.stderr}`, /verify OK/i);
  const m = /X509v3 Subject Alternative Name:\s*\n\s*(.+)\n/.exec(r.stdout);
  return m ? m[1]!.trim().split(/,\s*/) : [];
}

test('createCsr writes <name>.key (0600) and <name>.csr beside main.cf, then -1, skipping taken names', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-csr-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), 'myhostname = mail.example.com\n');
  fs.writeFileSync(path.join(dir, 'master.cf'), 'smtp inet n - y - - smtpd\n');
  const uri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ hostnames: ['smtp.example.com'] });
    await client.open(uri, 'smtp inet n - y - - smtpd\n', 'postfix-master-cf');
    const first = (await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, extraNames: ['IMAP.example.com', 'mail.example.com'], bits: 2048 })) as Ok;
    assert.equal(first.ok, true, JSON.stringify(first));
    assert.equal(first.keyPath, path.join(dir, 'mail.example.com.key'));
    assert.equal(first.csrPath, path.join(dir, 'mail.example.com.csr'));
    assert.deepEqual(first.names, ['mail.example.com', 'smtp.example.com', 'imap.example.com']);
    assert.equal(fs.statSync(first.keyPath).mode & 0o777, 0o600);
    assert.equal(fs.statSync(first.csrPath).mode & 0o077 & 0o022, 0, 'the CSR is not group/world-writable');
    const keyPem = fs.readFileSync(first.keyPath, 'utf8');
    const key = createPrivateKey(keyPem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    assert.match(first.nextSteps, /certbot certonly --standalone --csr /);
    assert.match(first.nextSteps, /smtpd_tls_chain_files = /);
    assert.match(first.nextSteps, /postfix reload/);
    if (hasOpenssl) {
      assert.deepEqual(sansOf(first.csrPath), ['DNS:mail.example.com', 'DNS:smtp.example.com', 'DNS:imap.example.com']);
      const pub = spawnSync('openssl', ['req', '-in', first.csrPath, '-noout', '-pubkey'], { encoding: 'utf8' }).stdout.trim();
      assert.equal(pub, createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString().trim(), 'the CSR carries the key written beside it');
    }

    // Again: the first pair is there, so -1; a lone mail.example.com-2.csr makes the next one -3.
    const second = (await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, bits: 2048 })) as Ok;
    assert.equal(second.keyPath, path.join(dir, 'mail.example.com-1.key'));
    assert.equal(fs.readFileSync(first.keyPath, 'utf8'), keyPem, 'the first key is untouched');
    fs.writeFileSync(path.join(dir, 'mail.example.com-2.csr'), 'not ours');
    const third = (await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, bits: 2048 })) as Ok;
    assert.equal(third.keyPath, path.join(dir, 'mail.example.com-3.key'));
    assert.equal(fs.readFileSync(path.join(dir, 'mail.example.com-2.csr'), 'utf8'), 'not ours');
    assert.equal(fs.existsSync(path.join(dir, 'mail.example.com-2.key')), false, 'no key left without its CSR');
    // A symbolic link where the key would go is taken, never followed.
    fs.symlinkSync(path.join(dir, 'elsewhere.key'), path.join(dir, 'mail.example.com-4.key'));
    const fourth = (await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, bits: 2048 })) as Ok;
    assert.equal(fourth.keyPath, path.join(dir, 'mail.example.com-5.key'));
    assert.equal(fs.existsSync(path.join(dir, 'elsewhere.key')), false);
  } finally {
    await client.shutdown();
  }
});

test('createCsr: RSA 3072 on request; a bad name or a document not on disk writes nothing', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-csr-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({});
    await client.open(uri, 'myhostname = mx.example.org\n');
    const bad = await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, extraNames: ['ok.example.org', 'not a name'] });
    assert.equal(bad.ok, false);
    assert.match((bad as { message: string }).message, /^Nothing was written: "not a name" is not a host name/);
    assert.deepEqual(fs.readdirSync(dir), []);
    const untitled = await client.request<CreateCsrResult>('postfixLens/createCsr', { uri: 'untitled:main.cf' });
    assert.equal(untitled.ok, false);
    const big = (await client.request<CreateCsrResult>('postfixLens/createCsr', { uri, bits: 3072 })) as Ok;
    assert.equal(big.ok, true);
    assert.equal(big.bits, 3072);
    assert.equal(createPrivateKey(fs.readFileSync(big.keyPath)).asymmetricKeyDetails?.modulusLength, 3072);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['mx.example.org.csr', 'mx.example.org.key']);
  } finally {
    await client.shutdown();
  }
});
