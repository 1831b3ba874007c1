// postfixLens/probeProtocols over real JSON-RPC to the built server: refused in an untrusted
// workspace before any connection; in a trusted one the versions and suites of a loopback TLS server,
// judged for the role asked; bad params are InvalidParams; $/cancelRequest stops it with what was
// learnt so far.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lsp-client';
import { fakeServer, smtp } from '../helpers/probe-servers';
import { fixtures } from '../helpers/certificates';
import type { ProtocolsReport } from '../../server/src/protocol';

/** TLS 1.0 to 1.3 and every suite at security level 0, like a Postfix with legacy settings. */
function permissive(): tls.SecureContext {
  const f = fixtures();
  return tls.createSecureContext({ key: f.leaf.key, cert: f.leaf.cert + f.intermediate.cert, minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' });
}

test('untrusted: refused (-32001) and nothing connects; trusted: the versions and suites, judged as a submission port when asked', { timeout: 60_000 }, async () => {
  let connections = 0;
  const handler = smtp({ context: permissive() });
  const server = await fakeServer((c) => {
    connections++;
    handler(c);
  });
  const client = new LspClient();
  try {
    await client.initialize({}, { trusted: false });
    const refused = await client.request('postfixLens/probeProtocols', { host: '127.0.0.1', port: server.port }).catch((e: unknown) => e);
    assert.ok(refused instanceof ResponseError, String(refused));
    assert.equal(refused.code, -32001);
    assert.match(refused.message, /untrusted workspace/);
    assert.equal(connections, 0, 'nothing connected');

    await client.conn.sendNotification('postfixLens/workspaceTrust', { trusted: true });
    const report = await client.request<ProtocolsReport>('postfixLens/probeProtocols', { host: '127.0.0.1', port: server.port, submission: true });
    assert.equal(report.error, null, JSON.stringify(report.error));
    assert.equal(report.role, 'submission');
    assert.deepEqual(report.protocols.map((p) => [p.version, p.accepted]), [['TLSv1', true], ['TLSv1.1', true], ['TLSv1.2', true], ['TLSv1.3', true]]);
    assert.ok(report.protocols.find((p) => p.version === 'TLSv1.3')!.ciphers.includes('TLS_AES_128_GCM_SHA256'));
    assert.deepEqual(report.problems.filter((p) => p.severity === 'warning').map((p) => p.code).sort(), ['tls-legacy-protocol', 'tls-weak-cipher']);
    assert.equal(report.outcome, 'weak');
    assert.equal(connections, report.connections, 'one TCP connection per handshake');
    assert.deepEqual([...new Set(server.verbs())].sort(), ['EHLO', 'STARTTLS'], 'nothing but EHLO and STARTTLS');

    const bad = await client.request('postfixLens/probeProtocols', { host: '127.0.0.1', port: 70000 }).catch((e: unknown) => e);
    assert.ok(bad instanceof ResponseError && bad.code === -32602, String(bad));
  } finally {
    await client.shutdown();
    await server.close();
  }
});

test('$/cancelRequest stops the enumeration: RequestCancelled with what was learnt', { timeout: 30_000 }, async () => {
  // A server that accepts and never greets; the request is cancelled once its first connection is in.
  const source = new CancellationTokenSource();
  const server = await fakeServer(() => source.cancel());
  const client = new LspClient();
  try {
    await client.initialize({});
    const t0 = Date.now();
    const err = await client.conn.sendRequest('postfixLens/probeProtocols', { host: '127.0.0.1', port: server.port }, source.token).then(
      () => assert.fail('the cancelled request answered with a result'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ResponseError, String(err));
    assert.equal(err.code, -32800);
    const data = err.data as ProtocolsReport;
    assert.equal(data.error?.code, 'cancelled');
    assert.equal(data.outcome, 'unfinished');
    assert.ok(Date.now() - t0 < 10_000, 'long before the greeting timeout');
  } finally {
    await client.shutdown();
    await server.close();
  }
});
