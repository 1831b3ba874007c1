// postfixLens/probeTargets and postfixLens/probe over real JSON-RPC: the servers a configuration
// implies, a live probe of a loopback SMTP server run by the language server, and cancellation.
// Also the palette's host:port input (client/src/host-port.ts, pure).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lsp-client';
import { fixtures } from '../helpers/certificates';
import { fakeServer, smtp } from '../helpers/probe-servers';
import type { ProbeReport, ProbeTargetsResult } from '../../server/src/protocol';
import { checkProbeAsName, isIpLiteral, parseHostPort } from '../../client/src/host-port';

const MASTER_CF = `# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       y       -       1       postscreen
smtpd     pass  -       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
2525      inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
127.0.0.1:10025 inet n  -       n       -       -       smtpd
[::1]:submission inet n -       n       -       -       smtpd
unknown-name inet n     -       n       -       -       smtpd
pickup    unix  n       -       y       60      1       pickup
smtp      unix  -       -       y       -       -       smtp
`;

function configDir(main: string, master?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-probe-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  if (master !== undefined) fs.writeFileSync(path.join(dir, 'master.cf'), master);
  return dir;
}

test('probeTargets: every name on every SMTP port master.cf opens, with STARTTLS or implicit TLS', { timeout: 30_000 }, async () => {
  const dir = configDir('myhostname = mail.example.com\n', MASTER_CF);
  const uri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ hostnames: ['smtp.example.com', 'MAIL.example.com'] });
    await client.open(uri, MASTER_CF, 'postfix-master-cf');
    const r = await client.request<ProbeTargetsResult>('postfixLens/probeTargets', { uri });
    assert.deepEqual(r.hostnames, ['mail.example.com', 'smtp.example.com']);
    assert.deepEqual(
      r.targets.map((t) => [t.host, t.port, t.mode, t.service, t.servername ?? null]),
      [
        ['mail.example.com', 25, 'starttls', 'smtp', null],
        ['smtp.example.com', 25, 'starttls', 'smtp', null],
        ['mail.example.com', 587, 'starttls', 'submission', null],
        ['smtp.example.com', 587, 'starttls', 'submission', null],
        ['mail.example.com', 465, 'tls', 'smtps', null],
        ['smtp.example.com', 465, 'tls', 'smtps', null],
        ['mail.example.com', 2525, 'tls', '2525', null],
        ['smtp.example.com', 2525, 'tls', '2525', null],
        ['127.0.0.1', 10025, 'starttls', '127.0.0.1:10025', 'mail.example.com'],
        ['::1', 587, 'starttls', '[::1]:submission', 'mail.example.com'],
      ],
    );
    const labels = r.targets.map((t) => t.label);
    assert.ok(labels.includes('smtp.example.com:587 (submission, STARTTLS)'), labels.join('\n'));
    assert.ok(labels.includes('mail.example.com:465 (smtps, implicit TLS)'));
    assert.ok(labels.includes('[::1]:587 ([::1]:submission, STARTTLS, as mail.example.com)'));

    // From main.cf too (the pair is the same), and without master.cf: port 25 only.
    const main = pathToFileURL(path.join(dir, 'main.cf')).toString();
    const fromMain = await client.request<ProbeTargetsResult>('postfixLens/probeTargets', { uri: main });
    assert.equal(fromMain.targets.length, r.targets.length);
    const lone = configDir('myhostname = lone.example.com\n');
    const loneUri = pathToFileURL(path.join(lone, 'main.cf')).toString();
    const alone = await client.request<ProbeTargetsResult>('postfixLens/probeTargets', { uri: loneUri });
    assert.deepEqual(alone.targets.map((t) => t.label), ['lone.example.com:25 (main.cf, STARTTLS)', 'smtp.example.com:25 (main.cf, STARTTLS)', 'MAIL.example.com:25 (main.cf, STARTTLS)']);
    assert.equal(await client.request('postfixLens/probeTargets', { uri: 'file:///tmp/not-postfix.txt' }), null);
  } finally {
    await client.shutdown();
  }
});

test('probe: the language server probes a loopback STARTTLS server, trusting postfixLens.extraCaFile', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const ca = f.file('probe-lsp-root.pem', f.root.cert);
  const server = await fakeServer(smtp());
  const client = new LspClient();
  try {
    await client.initialize({ extraCaFile: ca });
    const report = await client.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: server.port, servername: 'mail.example.com', hostnames: ['mail.example.com'] });
    assert.equal(report.outcome, 'accept', report.sentence);
    assert.equal(report.mode, 'starttls');
    assert.equal(report.servername, 'mail.example.com');
    assert.equal(report.verdict.trusted, true);
    assert.match(report.sentence, /^Yes: Gmail's "Send mail as" would accept mail\.example\.com on port \d+/);
    assert.deepEqual(report.chain.map((c) => c.subject.split(',')[0]), ['CN=mail.example.com', 'CN=postfix-lens Test Intermediate']);
    assert.ok(report.transcript.some((t) => t.from === 'client' && t.line === 'STARTTLS'));
    assert.deepEqual([...new Set(server.verbs())].sort(), ['EHLO', 'QUIT', 'STARTTLS']);

    // Without the extra CA the same server's chain is not trusted.
    const untrusted = new LspClient();
    try {
      await untrusted.initialize({});
      const r2 = await untrusted.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: server.port, servername: 'mail.example.com' });
      assert.equal(r2.outcome, 'refuse');
      assert.ok(r2.verdict.problems.some((p) => p.code === 'cert-untrusted'), JSON.stringify(r2.verdict.problems));
    } finally {
      await untrusted.shutdown();
    }
  } finally {
    await client.shutdown();
    await server.close();
  }
});

test('probe: $/cancelRequest aborts it; the answer is RequestCancelled with the report so far', { timeout: 30_000 }, async () => {
  // A server that accepts and never greets: only cancellation ends the probe before its timeouts.
  const server = await fakeServer(() => undefined);
  const client = new LspClient();
  try {
    await client.initialize({});
    const source = new CancellationTokenSource();
    const t0 = Date.now();
    const pending = client.conn.sendRequest('postfixLens/probe', { host: '127.0.0.1', port: server.port }, source.token);
    setTimeout(() => source.cancel(), 300);
    const err = await pending.then(
      () => assert.fail('the cancelled probe answered with a result'),
      (e: unknown) => e,
    );
    const ms = Date.now() - t0;
    assert.ok(err instanceof ResponseError, String(err));
    assert.equal(err.code, -32800);
    const data = err.data as ProbeReport;
    assert.equal(data.error?.code, 'cancelled');
    assert.equal(data.outcome, 'unfinished');
    assert.ok(ms < 3000, `cancellation took ${ms} ms`);
    // The server goes on answering.
    const again = await client.request<ProbeReport>('postfixLens/probe', { host: '127.0.0.1', port: 1 });
    assert.equal(again.error?.code, 'connection-failed');
  } finally {
    await client.shutdown();
    await server.close();
  }
});

test('probe: malformed params are InvalidParams; a bad port is a report', { timeout: 30_000 }, async () => {
  const client = new LspClient();
  try {
    await client.initialize({});
    const err = await client.request('postfixLens/probe', { host: 42 }).catch((e: unknown) => e);
    assert.ok(err instanceof ResponseError);
    assert.equal(err.code, -32602);
    const r = await client.request<ProbeReport>('postfixLens/probe', { host: 'mail.example.com', port: 70000 });
    assert.equal(r.error?.code, 'connection-failed');
    assert.match(r.error!.message, /70000 is not a TCP port/);
    const notBoolean = await client.request('postfixLens/probe', { host: 'mail.example.com', port: 587, submission: 'yes' }).catch((e: unknown) => e);
    assert.ok(notBoolean instanceof ResponseError);
    assert.equal(notBoolean.code, -32602);
    assert.match(notBoolean.message, /submission is true or false/);
    const sub = await client.request<ProbeReport>('postfixLens/probe', { host: 'mail.example.com', port: 70000, submission: true });
    assert.equal(sub.submission, true);
    assert.equal(sub.auth.afterTls, null, 'no EHLO reply was reached');
    const byPort = await client.request<ProbeReport>('postfixLens/probe', { host: '', port: 587 });
    assert.equal(byPort.submission, true, 'port 587 is a submission port by default');
  } finally {
    await client.shutdown();
  }
});

test('the palette input: host:port, [IPv6]:port, bare IPv6, default port 25, and refusals', () => {
  assert.deepEqual(parseHostPort('smtp.example.com:587'), { value: { host: 'smtp.example.com', port: 587 } });
  assert.deepEqual(parseHostPort(' mail.example.com '), { value: { host: 'mail.example.com', port: 25 } });
  assert.deepEqual(parseHostPort('[2001:db8::1]:465'), { value: { host: '2001:db8::1', port: 465 } });
  assert.deepEqual(parseHostPort('2001:db8::1'), { value: { host: '2001:db8::1', port: 25 } });
  assert.deepEqual(parseHostPort('127.0.0.1:2525'), { value: { host: '127.0.0.1', port: 2525 } });
  for (const bad of ['', ':25', 'host:0', 'host:65536', 'host:smtp', '[nope]:25', 'a b:25', 'x/y:25', '1:2:3']) {
    assert.ok('error' in parseHostPort(bad), bad);
  }
  assert.equal(isIpLiteral('192.0.2.1'), true);
  assert.equal(isIpLiteral('::1'), true);
  assert.equal(isIpLiteral('mail.example.com'), false);
  assert.equal(checkProbeAsName(''), undefined);
  assert.equal(checkProbeAsName('mail.example.com'), undefined);
  assert.match(checkProbeAsName('192.0.2.1')!, /never sent as SNI/);
  assert.match(checkProbeAsName('a b')!, /not a host name/);
});
