// The probe against servers that misbehave: each ends within its timeout with the expected phase,
// code and exit status, never hangs, never leaves an unhandled rejection, and never sends anything
// but EHLO, STARTTLS and QUIT.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { probe, type ProbeOptions, type ProbeReport } from '../../server/src/io/probe/probe';
import { exitStatusOf } from '../../server/src/core/probe/verdict';
import { fixtures } from '../helpers/certificates';
import { freePort } from '../helpers/postfix-loopback';
import { commandUsage } from '../../server/src/cli/usage';
import { hostileServerFile, runCliAsync, smtp, tlsOnlyServer, type FakeServer } from '../helpers/probe-servers';

const { rejections, servers, allVerbs, serve } = hostileServerFile('the probe');
/** Generous: the machine has 2 cores and other tests run beside these. */
const SLACK_MS = 2500;

const ca = (): string => fixtures().root.cert;

async function timed(options: ProbeOptions, server?: FakeServer): Promise<{ report: ProbeReport; ms: number }> {
  const t0 = performance.now();
  const report = await probe({ hostnames: ['mail.example.com'], caPem: ca(), ...options });
  const ms = performance.now() - t0;
  for (const v of server?.verbs() ?? []) allVerbs.add(v);
  return { report, ms };
}

function expectError(r: ProbeReport, phase: string, code: string, exit: number): void {
  assert.ok(r.error, `an error is reported (${r.sentence})`);
  assert.equal(r.error.phase, phase, r.error.message);
  assert.equal(r.error.code, code, r.error.message);
  assert.equal(exitStatusOf(r.outcome), exit, `${r.outcome}: ${r.sentence}`);
  assert.equal(r.verdict.acceptable, false);
  assert.ok(r.verdict.problems.some((p) => p.code === code), 'the error is also a problem');
  assert.ok(r.sentence.length > 20 && !r.sentence.includes('\n'), 'one sentence');
}

describe('a well-behaved STARTTLS server', () => {
  test('is accepted, with transcript, TLS details and the chain as sent', async () => {
    const s = await serve(smtp());
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 10_000 }, s);
    assert.equal(r.error, null, r.error?.message);
    assert.equal(r.outcome, 'accept', r.sentence);
    assert.equal(r.verdict.trusted, true);
    assert.equal(r.verdict.nameMatches, true);
    assert.match(r.tlsVersion ?? '', /^TLSv1\.[23]$/);
    assert.match(r.cipher ?? '', /^TLS_/);
    assert.equal(r.chainSource, 'wire');
    assert.deepEqual(r.chain.map((c) => c.subject.split(',')[0]), ['CN=mail.example.com', 'CN=postfix-lens Test Intermediate']);
    assert.equal(r.servername, 'mail.example.com');
    assert.deepEqual(
      r.transcript.map((t) => `${t.from}${t.tls ? '+tls' : ''}: ${t.line.split(' ')[0]}`),
      ['server: 220', 'client: EHLO', 'server: 250-fake.test', 'server: 250-PIPELINING', 'server: 250-STARTTLS', 'server: 250', 'client: STARTTLS', 'server: 220', 'client+tls: EHLO', 'server+tls: 250-fake.test', 'server+tls: 250-AUTH', 'server+tls: 250', 'client+tls: QUIT', 'server+tls: 221'],
    );
    assert.ok(r.transcript.every((t, i) => i === 0 || t.ms >= r.transcript[i - 1]!.ms), 'timings never go back');
    assert.match(r.sentence, /^Yes: Gmail's "Send mail as" would accept mail\.example\.com/);
    assert.deepEqual(s.verbs(), ['EHLO', 'STARTTLS', 'EHLO', 'QUIT'], 'no AUTH although AUTH is offered inside TLS');
  });

  test('over IPv6 ([::1]:PORT): no SNI for an address, an IPv6 address literal in EHLO', async (t) => {
    const lines: string[] = [];
    const server = net.createServer((sock) => {
      sock.on('error', () => undefined);
      sock.write('220 v6.test ESMTP\r\n');
      sock.on('data', (d: Buffer) => {
        lines.push(...d.toString().split('\r\n').filter(Boolean));
        sock.end('421 bye\r\n');
      });
    });
    const ok = await new Promise<boolean>((res) => {
      server.once('error', () => res(false));
      server.listen(0, '::1', () => res(true));
    });
    if (!ok) return t.skip('no IPv6 loopback here');
    try {
      const port = (server.address() as net.AddressInfo).port;
      const c = await runCliAsync(['probe', '--json', '--timeout', '5000', `[::1]:${port}`]);
      const j = JSON.parse(c.stdout);
      assert.equal(j.host, '::1');
      assert.equal(j.address, '::1');
      assert.equal(j.servername, null);
      assert.equal(lines[0], 'EHLO [IPv6:::1]');
      assert.equal(j.error.phase, 'ehlo');
    } finally {
      server.close();
    }
  });

  test('TLS from the first byte: the greeting may follow the handshake at once', async () => {
    const s = await serve((c) => {
      c.startTls();
      smtp()(c);
    });
    for (let i = 0; i < 5; i++) {
      const { report: r } = await timed({ host: '127.0.0.1', port: s.port, mode: 'tls', timeoutMs: 10_000 }, s);
      assert.equal(r.error, null, r.error?.message);
      assert.equal(r.outcome, 'accept', r.sentence);
      assert.deepEqual(r.transcript.map((t) => `${t.from}${t.tls ? '+tls' : ''}`).slice(0, 2), ['server+tls', 'client+tls']);
    }
  });

  test('a server that talks inside TLS before the EHLO: reported, and the EHLO reply is still read right', async () => {
    const s = await serve(smtp({ afterHandshake: '220 fake.test ESMTP again\r\n' }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 10_000 }, s);
    assert.equal(r.error, null, r.error?.message);
    assert.ok(r.verdict.problems.some((p) => p.code === 'unexpected-data' && p.message.includes('220 fake.test ESMTP again')), JSON.stringify(r.verdict.problems));
    assert.equal(r.outcome, 'accept');
    assert.deepEqual(s.verbs(), ['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
  });

  test('the CLI exits 0 and --json has the documented shape', async () => {
    const s = await serve(smtp());
    const c = await runCliAsync(['probe', '--json', '--hostname', 'mail.example.com', '--ca-file', fixtures().file('probe-ca.pem', ca()), '--timeout', '10000', `127.0.0.1:${s.port}`]);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.equal(c.status, 0, c.stderr + c.stdout);
    const j = JSON.parse(c.stdout);
    for (const k of ['host', 'port', 'mode', 'tlsVersion', 'cipher', 'chain', 'verdict', 'transcript', 'error']) assert.ok(k in j, `has ${k}`);
    assert.equal(j.host, '127.0.0.1');
    assert.equal(j.port, s.port);
    assert.equal(j.mode, 'starttls');
    assert.equal(j.error, null);
    assert.deepEqual(Object.keys(j.verdict).sort(), ['acceptable', 'nameMatches', 'problems', 'trusted']);
    for (const k of ['subject', 'issuer', 'names', 'notBefore', 'notAfter', 'fingerprint256', 'selfSigned']) assert.ok(k in j.chain[0], `chain entries have ${k}`);
    for (const t of j.transcript) assert.deepEqual(Object.keys(t).filter((k) => k !== 'tls').sort(), ['from', 'line', 'ms']);
  });
});

describe('hostile servers end quickly with a clear verdict', () => {
  test('a greeting dripped one byte a second: timeout in the greeting phase', async () => {
    const s = await serve((c) => {
      const text = '220 drip.test ESMTP\r\n';
      let i = 0;
      const timer = setInterval(() => (i < text.length && !c.socket.destroyed ? c.write(text[i++]!) : clearInterval(timer)), 1000);
      c.socket.on('close', () => clearInterval(timer));
    });
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 2500 }, s);
    expectError(r, 'greeting', 'timeout', 2);
    assert.ok(ms < 2500 + SLACK_MS, `ended after ${ms} ms`);
    assert.match(r.error!.message, /sent only \d+ bytes?/);
  });

  test('an endless line (2 MB without a line end): reply-too-long, long before 2 MB', async () => {
    let sent = 0;
    const s = await serve((c) => {
      const chunk = Buffer.alloc(64 * 1024, 'A');
      const pump = (): void => {
        while (sent < 2 * 1024 * 1024 && !c.socket.destroyed) {
          sent += chunk.length;
          if (!c.socket.write(chunk)) return void c.socket.once('drain', pump);
        }
      };
      pump();
    });
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'greeting', 'reply-too-long', 1);
    assert.ok(ms < 5000, `ended after ${ms} ms`);
    assert.ok(r.transcript.length === 0, 'the overlong line is not in the transcript');
  });

  test('a 1 MB line in the EHLO reply: reply-too-long in the ehlo phase', async () => {
    const s = await serve(smtp({ ehlo: `250-fake.test\r\n250-${'X'.repeat(1024 * 1024)}\r\n250 STARTTLS\r\n` }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'ehlo', 'reply-too-long', 1);
  });

  test('garbage after the 220 to STARTTLS is reported as injection and thrown away', async () => {
    const s = await serve(smtp({ starttls: 'inject' }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 10_000 }, s);
    assert.equal(r.error, null, r.error?.message);
    assert.deepEqual(r.injection, { phase: 'starttls', bytes: 10, preview: '250 fake\\x0d\\x0a' });
    assert.ok(r.verdict.problems.some((p) => p.code === 'starttls-injection' && p.severity === 'warning'));
    assert.ok(!r.transcript.some((t) => t.line === '250 fake'), 'the injected reply is never taken as a reply');
    assert.equal(r.outcome, 'accept', 'like Postfix, the client discards the bytes and goes on');
    assert.deepEqual(s.verbs(), ['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
  });

  test('bytes before the client spoke (greeting plus an extra reply in one packet) are reported', async () => {
    const s = await serve(smtp({ greeting: '220 fake.test ESMTP\r\n250 surprise\r\n' }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 10_000 }, s);
    assert.equal(r.error, null, r.error?.message);
    assert.ok(r.verdict.problems.some((p) => p.code === 'unexpected-data'), JSON.stringify(r.verdict.problems));
  });

  test('the server closes the connection in the middle of the handshake', async () => {
    const s = await serve(smtp({ starttls: 'close-mid-handshake' }));
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'handshake', 'tls-handshake-failed', 1);
    assert.ok(ms < 5000);
    assert.match(r.error!.message, /closed the connection in the middle of the handshake/);
  });

  for (const [code, text] of [
    [421, '421 4.3.2 busy.test Service not available, closing transmission channel\r\n'],
    [554, '554 5.7.1 No SMTP service here\r\n'],
  ] as const) {
    test(`a ${code} greeting: greeting-refused`, async () => {
      const s = await serve((c) => {
        c.write(text);
        c.onLine((l) => {
          if (/^QUIT/i.test(l)) c.out.end('221 Bye\r\n');
        });
        if (code === 421) c.socket.end();
      });
      const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
      expectError(r, 'greeting', 'greeting-refused', 1);
      assert.ok(ms < 5000);
      assert.match(r.sentence, new RegExp(`greets with "${code}`));
      assert.ok(s.verbs().every((v) => v === 'QUIT'), 'nothing but QUIT after a refused greeting');
    });
  }

  test('no STARTTLS in the EHLO reply: starttls-not-offered, then QUIT', async () => {
    const s = await serve(smtp({ ehlo: '250-fake.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n' }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'ehlo', 'starttls-not-offered', 1);
    assert.equal(r.verdict.trusted, null);
    assert.equal(r.tlsVersion, null);
    assert.deepEqual(s.verbs(), ['EHLO', 'QUIT'], 'no AUTH although AUTH is offered in clear');
    assert.match(r.sentence, /smtpd_tls_security_level = may/);
  });

  test('454 to STARTTLS: starttls-refused', async () => {
    const s = await serve(smtp({ starttls: 'refuse' }));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'starttls', 'starttls-refused', 1);
    assert.match(r.error!.message, /"454 4\.7\.0 TLS not available/);
    assert.deepEqual(s.verbs(), ['EHLO', 'STARTTLS', 'QUIT']);
  });

  test('a plain SMTP server probed with --tls: tls-handshake-failed, and the advice names --starttls', async () => {
    const s = await serve(smtp());
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, mode: 'tls', timeoutMs: 5000 }, s);
    expectError(r, 'handshake', 'tls-handshake-failed', 1);
    assert.ok(ms < 5000);
    assert.match(r.error!.message, /plain text/);
    assert.match(r.sentence, /--starttls/);
  });

  test('a TLS-only server probed with STARTTLS: timeout in the greeting phase, and the advice names --tls', async () => {
    const s = await tlsOnlyServer();
    servers.push(s);
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, mode: 'starttls', timeoutMs: 1500 }, s);
    expectError(r, 'greeting', 'timeout', 2);
    assert.ok(ms < 1500 + SLACK_MS, `ended after ${ms} ms`);
    assert.match(r.error!.message, /--tls/);
  });

  test('a connection refused (a closed port): connection-failed in the connect phase', async () => {
    const port = await freePort();
    const { report: r, ms } = await timed({ host: '127.0.0.1', port, timeoutMs: 5000 });
    expectError(r, 'connect', 'connection-failed', 2);
    assert.ok(ms < 5000);
    assert.match(r.error!.message, /refused/);
  });

  test('a name under .invalid: connection-failed in the dns phase', async () => {
    const { report: r, ms } = await timed({ host: 'no-such-host.invalid', port: 25, timeoutMs: 5000 });
    assert.equal(r.error?.phase, 'dns', r.error?.message);
    expectError(r, 'dns', r.error!.code === 'timeout' ? 'timeout' : 'connection-failed', 2);
    assert.ok(ms < 5000 + SLACK_MS);
  });

  test('a reply that is not SMTP (an HTTP server): bad-reply', async () => {
    const s = await serve((c) => c.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'greeting', 'bad-reply', 1);
  });

  test('a server that hangs up after EHLO: connection-closed', async () => {
    const s = await serve((c) => {
      c.write('220 fake.test ESMTP\r\n');
      c.onLine(() => c.socket.destroy());
    });
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 5000 }, s);
    expectError(r, 'ehlo', 'connection-closed', 1);
  });

  test('the AbortSignal cancels at once', async () => {
    const s = await serve(() => undefined); // accepts, says nothing
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 30_000, signal: ac.signal }, s);
    expectError(r, 'greeting', 'cancelled', 2);
    assert.ok(ms < 200 + SLACK_MS, `ended after ${ms} ms`);
  });

  test('an already aborted signal: no connection at all', async () => {
    /** The client ports of the connections the server accepted, in order. */
    const accepted: (number | undefined)[] = [];
    let onAccept = (): void => undefined;
    const s = await serve((c) => {
      accepted.push(c.socket.remotePort);
      onAccept();
    });
    const ac = new AbortController();
    ac.abort();
    const { report: r } = await timed({ host: '127.0.0.1', port: s.port, signal: ac.signal }, s);
    expectError(r, 'connect', 'cancelled', 2);
    // A connection made after the probe returned: the server accepts in order, so once it has
    // accepted this one it would have accepted any the probe made before.
    const late = net.connect({ host: '127.0.0.1', port: s.port });
    late.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      onAccept = () => {
        if (late.localPort !== undefined && accepted.includes(late.localPort)) resolve();
      };
      late.once('connect', onAccept);
    });
    const latePort = late.localPort;
    late.destroy();
    assert.deepEqual(accepted, [latePort], 'the only connection is the one made after the probe');
  });

  test('the total timeout ends the probe even when each phase has more time', async () => {
    const s = await serve(() => undefined);
    const { report: r, ms } = await timed({ host: '127.0.0.1', port: s.port, timeoutMs: 1000, phaseTimeouts: { greeting: 60_000 } }, s);
    expectError(r, 'greeting', 'timeout', 2);
    assert.match(r.error!.message, /total time \(1000 ms\)/);
    assert.ok(ms < 1000 + SLACK_MS);
  });

  test('the CLI: exit 1 for a refusal and 2 for a probe that cannot finish, one sentence, no stack trace', async () => {
    const s = await serve(smtp({ starttls: 'refuse' }));
    const refused = await runCliAsync(['probe', '--timeout', '5000', `127.0.0.1:${s.port}`]);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stdout, /C: STARTTLS/);
    assert.match(refused.stdout, /^No: Gmail's "Send mail as" would refuse 127\.0\.0\.1 on port \d+, because it answers STARTTLS with "454/m);
    const port = await freePort();
    const failed = await runCliAsync(['probe', '--timeout', '5000', `127.0.0.1:${port}`]);
    assert.equal(failed.status, 2);
    assert.match(failed.stdout, /^Unknown: the probe could not finish \(connection-failed, connect\)/m);
    for (const out of [refused, failed]) assert.doesNotMatch(out.stdout + out.stderr, /\n\s+at .*\(.*:\d+:\d+\)/);
  });
});

describe('the command line', () => {
  test('usage errors: exit 2, the problem in one line, then the usage of probe; no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['probe'], /probe takes one HOST\[:PORT\]/],
      [['probe', 'a', 'b'], /probe takes one HOST/],
      [['probe', '--tls', '--starttls', 'mail.example.com'], /exclude each other/],
      [['probe', 'mail.example.com:99999'], /not a TCP port/],
      [['probe', '2001:db8::1:25x'], /IPv6|not a TCP port/],
      [['probe', '--timeout', '0', 'mail.example.com'], /--timeout expects milliseconds/],
      [['probe', '--bogus', 'mail.example.com'], /unknown option --bogus/],
      [['probe', '--ca-file', '/nonexistent/ca.pem', 'mail.example.com'], /cannot read the CA file/],
    ];
    for (const [args, re] of cases) {
      const r = await runCliAsync(args);
      assert.equal(r.status, 2, args.join(' '));
      const [first, ...rest] = r.stderr.split('\n');
      assert.match(first!, re);
      // A usage error shows how to call probe; a file it cannot read is no usage error.
      if (re.source.includes('CA file')) assert.deepEqual(rest, [''], r.stderr);
      else assert.equal(rest.join('\n'), commandUsage('probe'), r.stderr);
      assert.equal(r.stdout, '');
    }
  });

  test('port 465 means TLS from the first byte unless --starttls; Unicode names go out as A-labels', async () => {
    const port465 = await runCliAsync(['probe', '--json', '--timeout', '3000', '--servername', 'bücher.example', '127.0.0.1:465']);
    const j = JSON.parse(port465.stdout);
    assert.equal(j.mode, 'tls');
    assert.equal(j.port, 465);
    assert.equal(j.servername, 'xn--bcher-kva.example');
    assert.deepEqual(j.hostnames, ['bücher.example'], 'the name to verify defaults to the SNI name');
    const told = JSON.parse((await runCliAsync(['probe', '--json', '--starttls', '--timeout', '3000', '127.0.0.1:465'])).stdout);
    assert.equal(told.mode, 'starttls');
  });
});

test('no unhandled rejection after every server is gone', async () => {
  // Closing the servers ends every connection left; once they have all closed, one turn of the event
  // loop lets Node report a rejection that their ends left unhandled.
  await Promise.all(servers.map((s) => s.close()));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(rejections, []);
});
