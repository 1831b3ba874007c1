// The chain is reported as the server sent it, read from the handshake itself (TLS 1.2 in clear,
// TLS 1.3 decrypted with the key log), for every TLS 1.3 cipher and after a HelloRetryRequest;
// Node's getPeerCertificate(true) would re-sort it, drop what does not fit, and append a store root.

import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import { probe } from '../../server/src/io/probe/probe';
import { fixtures } from '../helpers/certificates';
import { fakeServer, smtp, watchUnhandledRejections, type Conn, type FakeServer } from '../helpers/probe-servers';

const rejections = watchUnhandledRejections();
const servers: FakeServer[] = [];
afterEach(() => assert.deepEqual(rejections, []));
after(() => Promise.all(servers.map((s) => s.close())));

/** A STARTTLS server whose TLS side uses `options`. */
async function serverWith(options: tls.SecureContextOptions): Promise<FakeServer> {
  const context = tls.createSecureContext(options);
  const base = smtp();
  const s = await fakeServer((c: Conn) => {
    c.startTls = ((orig) => () => orig(context))(c.startTls.bind(c));
    base(c);
  });
  servers.push(s);
  return s;
}

async function probeIt(s: FakeServer, caPem = fixtures().root.cert) {
  return probe({ host: '127.0.0.1', port: s.port, hostnames: ['mail.example.com'], caPem, timeoutMs: 10_000 });
}

const cn = (subject: string): string => /CN=([^,]+)/.exec(subject)?.[1] ?? subject;

describe('the chain as sent', () => {
  const f = fixtures();
  const good = { key: f.leaf.key, cert: f.leaf.cert + f.intermediate.cert };

  test('TLS 1.2: read in clear from the Certificate message', async () => {
    const r = await probeIt(await serverWith({ ...good, maxVersion: 'TLSv1.2' }));
    assert.equal(r.tlsVersion, 'TLSv1.2');
    assert.equal(r.chainSource, 'wire');
    assert.equal(r.outcome, 'accept', r.sentence);
  });

  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
    test(`TLS 1.3 with ${suite}: decrypted with the handshake secret`, async () => {
      const r = await probeIt(await serverWith({ ...good, ciphers: suite }));
      assert.equal(r.tlsVersion, 'TLSv1.3');
      assert.equal(r.cipher, suite);
      assert.equal(r.chainSource, 'wire');
      assert.deepEqual(r.chain.map((c) => cn(c.subject)), ['mail.example.com', 'postfix-lens Test Intermediate']);
    });
  }

  test('TLS 1.3 after a HelloRetryRequest (the server wants P-384, the client offered X25519 first)', async () => {
    const r = await probeIt(await serverWith({ ...good, ecdhCurve: 'P-384' }));
    assert.equal(r.chainSource, 'wire');
    assert.match(r.keyExchange ?? '', /P-384|secp384r1/);
    assert.equal(r.outcome, 'accept', r.sentence);
  });

  test('the root between leaf and intermediate: kept in the order sent (Node would drop it), cert-chain-extra', async () => {
    const r = await probeIt(await serverWith({ key: f.leaf.key, cert: f.leaf.cert + f.root.cert + f.intermediate.cert }));
    assert.equal(r.chainSource, 'wire');
    assert.deepEqual(r.chain.map((c) => cn(c.subject)), ['mail.example.com', 'postfix-lens Test Root CA', 'postfix-lens Test Intermediate']);
    assert.equal(r.chain[1]!.selfSigned, true);
    // As for a chain file: the path leaf -> intermediate is in order; the root is merely extra.
    assert.deepEqual(r.verdict.problems.map((p) => `${p.severity} ${p.code}`), ['hint cert-chain-extra']);
    assert.equal(r.outcome, 'accept', 'extras do not block');
  });

  test('only the leaf, although the client trusts the root: nothing is appended', async () => {
    const r = await probeIt(await serverWith({ key: f.leaf.key, cert: f.leaf.cert }));
    assert.equal(r.chain.length, 1);
    assert.deepEqual(r.verdict.problems.map((p) => p.code), ['cert-chain-incomplete']);
  });

  test('ECDSA P-256', { skip: f.ec ? false : 'openssl is missing' }, async () => {
    const r = await probeIt(await serverWith({ key: f.ec!.p256.key, cert: f.ec!.p256.cert }), f.ec!.root.cert);
    assert.equal(r.chain[0]!.key, 'EC P-256');
    assert.equal(r.outcome, 'accept', r.sentence);
  });
});
