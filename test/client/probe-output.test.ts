// The "Postfix Lens Probe" output channel gets the probe report as the command line prints it,
// escaped the same way: the report comes from the language server over real JSON-RPC, as the client
// gets it, from a server whose certificate names clear the screen and forge "Trusted: yes".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import { reportText } from '../../client/src/probe-output';
import { formatProbeReport } from '../../server/src/core/probe/text-report';
import type { ProbeReport } from '../../server/src/protocol';
import { fixtures } from '../helpers/certificates';
import { assertNothingRaw, HOSTILE, hostileCertificate } from '../helpers/hostile-text';
import { LspClient } from '../helpers/lsp-client';
import { fakeServer, smtp } from '../helpers/probe-servers';

test('the output channel text of a hostile server holds no control character but LF', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const context = tls.createSecureContext({ key: f.otherKey, cert: hostileCertificate(f.otherKey) });
  const server = await fakeServer(smtp({ context }));
  const client = new LspClient();
  try {
    await client.initialize({});
    const report = await client.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: server.port, servername: 'mail.example.com' });
    assert.ok(report.chain[0]!.subject.includes(HOSTILE), 'the report itself is data, unescaped');
     
    assert.ok(/[\u001b\u009b\u202e]/.test(formatProbeReport(report)), 'the unescaped text would carry them');
    const text = reportText(report);
    assertNothingRaw(Buffer.from(text), 'output channel');
    assert.ok(text.includes('\\u001b]52;c;cm0gLXJmIH4K\\u0007'), text);
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('Trusted:')), ['Trusted:      no']);
    assert.ok(text.endsWith(`${report.sentence}\n\n`));
  } finally {
    await client.shutdown();
    await server.close();
  }
});
