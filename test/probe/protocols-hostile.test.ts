// `probe --protocols` against servers that misbehave: the enumeration ends by its one deadline (or
// sooner), keeps what it learnt, says what it could not learn and why, exits 2 unless something weak
// was already found, leaves no unhandled rejection, and sends nothing but EHLO, STARTTLS (and QUIT
// after a refusal).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import { enumerateProtocols } from '../../server/src/io/probe/enumerate';
import { judgeProtocols, protocolsExitStatus } from '../../server/src/core/probe/protocols';
import { fixtures } from '../helpers/certificates';
import { hostileServerFile, runCliAsync, smtp } from '../helpers/probe-servers';

// QUIT only after a refusal (the 421 below), as the probe's dialogue does.
const { allVerbs, serve } = hostileServerFile('the enumeration');
/** Generous: the machine has 2 cores and other tests run beside these. */
const SLACK_MS = 2500;

async function enumerate(port: number, timeoutMs: number) {
  const t0 = performance.now();
  const facts = await enumerateProtocols({ host: '127.0.0.1', port, timeoutMs });
  const ms = performance.now() - t0;
  const report = judgeProtocols(facts, false);
  return { report, ms };
}

/** A server side that accepts TLS 1.0 to 1.3 and every suite OpenSSL has at security level 0. */
function permissiveContext(): tls.SecureContext {
  const f = fixtures();
  return tls.createSecureContext({ key: f.leaf.key, cert: f.leaf.cert + f.intermediate.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'ALL:@SECLEVEL=0' });
}

describe('probe --protocols against hostile servers', () => {
  test('a server that says 220 to STARTTLS on every connection and then hangs up: nothing learnt, said so, exit 2', async () => {
    const s = await serve(smtp({ starttls: 'close-mid-handshake' }));
    const { report, ms } = await enumerate(s.port, 10_000);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.ok(ms < 10_000, `ended before its deadline (${Math.round(ms)} ms): a hang-up is not waited for`);
    assert.equal(report.outcome, 'unfinished');
    assert.equal(protocolsExitStatus(report), 2);
    assert.deepEqual(report.protocols.map((p) => [p.version, p.learnt, p.accepted]), [['TLSv1', false, false], ['TLSv1.1', false, false], ['TLSv1.2', false, false], ['TLSv1.3', false, false]]);
    assert.equal(report.error?.code, 'tls-handshake-failed');
    assert.match(report.error!.message, /closed the connection in the middle of the handshake/);
    assert.deepEqual(report.unlearnt, ['TLS 1.0: whether the server accepts it.', 'TLS 1.1: whether the server accepts it.', 'TLS 1.2: whether the server accepts it.', 'TLS 1.3: whether the server accepts it.']);
  });

  test('a server that accepts every version for its first connections, then refuses with 421: what it learnt, and what not', async () => {
    let n = 0;
    const context = permissiveContext();
    const s = await serve((c) => {
      if (++n > 6) {
        c.write('421 4.7.0 fake.test Error: too many connections from 127.0.0.1\r\n');
        c.socket.end();
        return;
      }
      smtp({ context })(c);
    });
    const { report, ms } = await enumerate(s.port, 10_000);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.ok(ms < 10_000, `ended before its deadline (${Math.round(ms)} ms)`);
    // The four version connections came first: every version is known to be accepted.
    assert.deepEqual(report.protocols.map((p) => [p.version, p.learnt, p.accepted]), [['TLSv1', true, true], ['TLSv1.1', true, true], ['TLSv1.2', true, true], ['TLSv1.3', true, true]]);
    assert.ok(report.protocols.some((p) => !p.complete), 'some suites were not learnt');
    assert.ok(report.unlearnt.some((u) => /suites after the \d+ found/.test(u)), report.unlearnt.join('\n'));
    assert.equal(report.error?.code, 'greeting-refused');
    // TLS 1.0 and 1.1 on an MX port are information: the verdict rests on what was not learnt.
    assert.equal(report.outcome, 'unfinished');
    assert.ok(report.problems.some((p) => p.code === 'tls-legacy-protocol' && p.severity === 'information'));
  });

  test('a server that stalls in the middle of every handshake: the one deadline ends it, exit 2', async () => {
    const s = await serve((c) => {
      c.write('220 stall.test ESMTP\r\n');
      c.onLine((line) => {
        const verb = (line.split(' ')[0] ?? '').toUpperCase();
        if (verb === 'EHLO') c.write('250-stall.test\r\n250 STARTTLS\r\n');
        else if (verb === 'STARTTLS') {
          c.write('220 2.0.0 Ready to start TLS\r\n');
          c.socket.removeAllListeners('data'); // the ClientHello arrives and nothing answers it
          c.socket.on('data', () => undefined);
        }
      });
    });
    const { report, ms } = await enumerate(s.port, 2000);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.ok(ms >= 1900 && ms < 2000 + SLACK_MS, `ended at its deadline (${Math.round(ms)} ms)`);
    assert.equal(report.outcome, 'unfinished');
    assert.equal(report.error?.code, 'timeout');
    assert.match(report.error!.message, /total time \(2000 ms\)/);
    assert.equal(report.unlearnt.length, 4);
    const cli = await runCliAsync(['probe', '--protocols', '--timeout', '1500', `127.0.0.1:${s.port}`]);
    assert.equal(cli.status, 2);
    assert.match(cli.stdout, /Not learnt:\n {2}TLS 1\.0: whether the server accepts it\./);
  });

  test('a server that drips its greeting a byte at a time: ended by the deadline, not by the drip', async () => {
    const s = await serve((c) => {
      const text = '220 drip.test ESMTP\r\n';
      let i = 0;
      const timer = setInterval(() => (i < text.length && !c.socket.destroyed ? c.write(text[i++]!) : clearInterval(timer)), 300);
      c.socket.on('close', () => clearInterval(timer));
    });
    const { report, ms } = await enumerate(s.port, 2500);
    assert.ok(ms >= 2400 && ms < 2500 + SLACK_MS, `ended at its deadline (${Math.round(ms)} ms)`);
    assert.equal(report.error?.code, 'timeout');
    assert.deepEqual(report.protocols.filter((p) => p.learnt), []);
    assert.equal(protocolsExitStatus(report), 2);
  });

  test('cancelled by the caller: what was learnt so far, error cancelled', async () => {
    const s = await serve(smtp({ context: permissiveContext() }));
    const controller = new AbortController();
    const facts = enumerateProtocols({ host: '127.0.0.1', port: s.port, signal: controller.signal });
    controller.abort();
    const report = judgeProtocols(await facts, false);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.equal(report.error?.code, 'cancelled');
    assert.equal(report.outcome, 'unfinished');
  });

  test('implicit TLS (--tls): the handshake from the first byte, Node\'s server defaults (TLS 1.2 and 1.3) as they are', async () => {
    const f = fixtures();
    const received: string[] = [];
    const server = tls.createServer({ key: f.leaf.key, cert: f.leaf.cert + f.intermediate.cert }, (t) => {
      t.on('error', () => undefined);
      t.on('data', (d: Buffer) => received.push(d.toString('latin1')));
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const report = judgeProtocols(await enumerateProtocols({ host: '127.0.0.1', port, mode: 'tls', timeoutMs: 30_000 }), false);
    await new Promise<void>((r) => server.close(() => r()));
    assert.equal(report.mode, 'tls');
    assert.equal(report.error, null, JSON.stringify(report.error));
    assert.deepEqual(report.protocols.map((p) => [p.version, p.learnt, p.accepted]), [['TLSv1', true, false], ['TLSv1.1', true, false], ['TLSv1.2', true, true], ['TLSv1.3', true, true]]);
    assert.deepEqual(report.protocols.find((p) => p.version === 'TLSv1.3')!.ciphers, ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
    assert.deepEqual(received, [], 'nothing but handshakes: no SMTP command inside TLS');
    assert.equal(report.outcome, 'ok');
  });

  test('a permissive server: every version, its suites, and weak ones found (exit 1)', async () => {
    const s = await serve(smtp({ context: permissiveContext() }));
    const { report } = await enumerate(s.port, 30_000);
    for (const v of s.verbs()) allVerbs.add(v);
    assert.equal(report.error, null, JSON.stringify(report.error));
    assert.deepEqual(report.unlearnt, []);
    assert.deepEqual(report.protocols.map((p) => [p.version, p.accepted, p.complete]), [['TLSv1', true, true], ['TLSv1.1', true, true], ['TLSv1.2', true, true], ['TLSv1.3', true, true]]);
    const tls12 = report.protocols.find((p) => p.version === 'TLSv1.2')!.ciphers;
    assert.ok(tls12.includes('ECDHE-RSA-AES128-GCM-SHA256') && tls12.includes('AES128-SHA'), tls12.join(' '));
    assert.equal(new Set(tls12).size, tls12.length, 'each suite once');
    // ALL at level 0 has no NULL suites (COMPLEMENTOFALL) but has the anonymous ones (AECDH: a Node
    // server has no DH parameters for ADH): information on an MX port.
    assert.ok(report.problems.some((p) => p.code === 'tls-weak-cipher' && p.severity === 'information' && /AECDH-AES128-SHA/.test(p.message)), JSON.stringify(report.problems));
    assert.equal(report.serverOrder, false, 'a Node server without honorCipherOrder follows the client');
    assert.ok(report.groups.includes('X25519') && report.groups.includes('P-256'), report.groups.join(' '));
    assert.equal(report.outcome, 'ok', 'on an MX port nothing here is a warning');
    const submission = judgeProtocols(report, true);
    assert.equal(submission.outcome, 'weak');
    assert.deepEqual(submission.problems.filter((p) => p.severity === 'warning').map((p) => p.code).sort(), ['tls-legacy-protocol', 'tls-weak-cipher']);
  });
});
