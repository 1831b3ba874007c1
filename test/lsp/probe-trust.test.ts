// Workspace trust over real JSON-RPC: with initializationOptions.trusted = false the server runs
// no postconf and probes nothing, while diagnostics from the pure analysis still come; once the
// client says postfixLens/workspaceTrust { trusted: true }, both work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lsp-client';
import { fakeServer, smtp } from '../helpers/probe-servers';
import type { ProbeReport } from '../../server/src/protocol';

test('untrusted: no postconf, no probe, diagnostics still; trusted later: postconf runs and probes work', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-trust-'));
  // A "postconf" that leaves a mark each time it runs (its answer is cached under XDG_CACHE_HOME,
  // which points into this test's directory so the user's cache is never touched).
  const marker = path.join(dir, 'postconf-ran');
  const postconf = path.join(dir, 'postconf');
  fs.writeFileSync(postconf, `#!/bin/sh\necho ran >> '${marker}'\necho 'mail_version = 3.8.1'\necho 'myhostname = fake.example'\n`, { mode: 0o755 });
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const server = await fakeServer(smtp());
  const savedCache = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  const client = new LspClient();
  process.env.XDG_CACHE_HOME = savedCache;
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  try {
    await client.initialize({ postconfPath: postconf }, { trusted: false });
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_relay_restrictons = permit\n');
    const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'unknown-parameter'));
    assert.ok(d.length > 0);
    assert.equal(fs.existsSync(marker), false, 'postconf ran in an untrusted workspace');
    const refused = await client.request('postfixLens/probe', { host: '127.0.0.1', port: server.port }).catch((e: unknown) => e);
    assert.ok(refused instanceof ResponseError, String(refused));
    assert.equal(refused.code, -32001);
    assert.match(refused.message, /untrusted workspace/);
    assert.deepEqual(server.clientLines, [], 'nothing connected');

    await client.conn.sendNotification('postfixLens/workspaceTrust', { trusted: true });
    // Trust makes the server analyse again, now with the installation's postconf.
    const end = Date.now() + 10_000;
    while (!fs.existsSync(marker) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.existsSync(marker), true, 'postconf did not run after trust was granted');
    const report = await client.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: server.port, servername: 'mail.example.com' });
    assert.equal(report.tlsVersion !== null, true, report.sentence);
    assert.ok(server.verbs().includes('STARTTLS'));
  } finally {
    await client.shutdown();
    await server.close();
  }
});

test('editors that say nothing about trust are trusted', { timeout: 30_000 }, async () => {
  const server = await fakeServer(smtp());
  const client = new LspClient();
  try {
    await client.initialize({});
    const report = await client.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: server.port });
    assert.notEqual(report.error?.code, 'cancelled');
    assert.ok(server.verbs().includes('EHLO'));
  } finally {
    await client.shutdown();
    await server.close();
  }
});
