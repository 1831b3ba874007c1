// AUTH in the EHLO replies: the parser against hostile replies, the verdict of a submission port
// (AUTH PLAIN or LOGIN inside TLS, never AUTH before it), the reports that show it, and scripted
// servers that offer AUTH before or after STARTTLS. The probe reads what EHLO offers and never
// sends AUTH, MAIL or RCPT: every scripted server's log proves it.

import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MECHANISMS, parseAuth } from '../../server/src/core/probe/auth';
import { exitStatusOf, judgeProbe, type JudgeInput } from '../../server/src/core/probe/verdict';
import { errorAdvice } from '../../server/src/core/probe/advice';
import { formatProbeReport } from '../../server/src/core/probe/text-report';
import { probeReportHtml } from '../../server/src/core/probe/html-report';
import { probe, type ProbeOptions, type ProbeReport } from '../../server/src/io/probe/probe';
import { fixtures } from '../helpers/certificates';
import { derOf as der, fakeServer, goodContext, judgeInput, runCliAsync, smtp, watchUnhandledRejections, type Conn, type FakeServer } from '../helpers/probe-servers';

const offer = (...lines: string[]) => parseAuth(['mail.test', ...lines]);

describe('the AUTH keyword of an EHLO reply', () => {
  test('mechanisms upper-cased, in order, once each; AUTH= (obsolete) merged with AUTH', () => {
    assert.deepEqual(offer('PIPELINING', 'auth plain Login CRAM-MD5', 'AUTH=LOGIN PLAIN XOAUTH2', '8BITMIME'), { offered: true, mechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'], ignored: 0 });
    assert.deepEqual(offer('AUTH=PLAIN'), { offered: true, mechanisms: ['PLAIN'], ignored: 0 });
    assert.deepEqual(offer('AUTH'), { offered: true, mechanisms: [], ignored: 0 }, 'AUTH without a name is still AUTH');
    assert.deepEqual(offer('AUTH='), { offered: true, mechanisms: [], ignored: 0 });
    assert.deepEqual(offer('AUTHX PLAIN', 'XAUTH PLAIN', 'STARTTLS'), { offered: false, mechanisms: [], ignored: 0 });
    assert.deepEqual(parseAuth(['AUTH PLAIN', 'SIZE 1000']), { offered: false, mechanisms: [], ignored: 0 }, 'the first line names the server');
    assert.deepEqual(parseAuth([]), { offered: false, mechanisms: [], ignored: 0 });
    assert.deepEqual(offer('AUTH\tPLAIN \t LOGIN  '), { offered: true, mechanisms: ['PLAIN', 'LOGIN'], ignored: 0 });
  });

  test('only names of a SASL mechanism\'s shape (RFC 4422: 1 to 20 of A-Z 0-9 - _)', () => {
    const twenty = 'SCRAM-SHA-256-PLUS_X'.slice(0, 20);
    assert.equal(twenty.length, 20);
    assert.deepEqual(offer(`AUTH ${twenty} ${twenty}Y GS2-KRB5 a.b PLAIN; LOGIN"`), { offered: true, mechanisms: [twenty, 'GS2-KRB5'], ignored: 4 });
  });

  test('control characters, escapes and bidi overrides are never a mechanism', () => {
    const o = offer('AUTH PLAIN\x1b[31m LOGIN \x07CRAM-MD5 X\u202eY \x00 \\x1b NTLM\r');
    assert.deepEqual(o, { offered: true, mechanisms: ['LOGIN'], ignored: 6 });
  });

  test('__proto__ and other property names are plain names: nothing is polluted', () => {
    const o = offer('AUTH __proto__ constructor toString hasOwnProperty PLAIN __PROTO__');
    assert.deepEqual(o.mechanisms, ['__PROTO__', 'CONSTRUCTOR', 'TOSTRING', 'HASOWNPROPERTY', 'PLAIN']);
    assert.equal(o.ignored, 0);
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
    assert.equal(({} as Record<string, unknown>).PLAIN, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(o)), o);
  });

  test('10,000 mechanisms: the first 32 kept, the rest counted', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `M${i}`);
    const o = offer(`AUTH ${names.join(' ')}`);
    assert.equal(o.mechanisms.length, MAX_MECHANISMS);
    assert.deepEqual(o.mechanisms.slice(0, 3), ['M0', 'M1', 'M2']);
    assert.equal(o.ignored, 10_000 - MAX_MECHANISMS);
    // Spread over 10,000 AUTH lines, the same.
    const lines = offer(...names.map((n) => `AUTH ${n}`));
    assert.deepEqual(lines, o);
    // A name already kept is not counted again, past the limit or not.
    assert.deepEqual(offer(`AUTH ${names.slice(0, 40).join(' ')} M0 M1`).ignored, 40 - MAX_MECHANISMS);
  });

  test('a 1 MB line: one name ignored, or one mechanism however often it is repeated', () => {
    assert.deepEqual(offer(`AUTH ${'A'.repeat(1 << 20)}`), { offered: true, mechanisms: [], ignored: 1 });
    assert.deepEqual(offer(`AUTH=${'\x1b'.repeat(1 << 20)}`), { offered: true, mechanisms: [], ignored: 1 });
    assert.deepEqual(offer('AUTH' + ' PLAIN'.repeat(1 << 17)), { offered: true, mechanisms: ['PLAIN'], ignored: 0 });
  });
});

/** A good session on a submission port, AUTH offered only inside TLS, changed by `over`. */
function judge(over: Partial<JudgeInput>): ReturnType<typeof judgeProbe> {
  return judgeProbe(judgeInput({ host: 'mail.example.com', port: 587, submission: true, authBeforeTls: offer('STARTTLS'), authAfterTls: offer('AUTH PLAIN LOGIN'), ...over }));
}

const codes = (j: ReturnType<typeof judgeProbe>) => j.verdict.problems.map((p) => `${p.severity} ${p.code}`);

describe('the verdict of a submission port', () => {
  test('AUTH PLAIN LOGIN only after STARTTLS: accept, and the sentence says so', () => {
    const j = judge({});
    assert.equal(j.outcome, 'accept', j.sentence);
    assert.deepEqual(codes(j), []);
    assert.match(j.sentence, /^Yes: Gmail's "Send mail as" would accept mail\.example\.com on port 587: .*, with AUTH PLAIN LOGIN offered only after STARTTLS\.$/);
    assert.match(judge({ mode: 'tls', port: 465, authBeforeTls: null, authAfterTls: offer('AUTH LOGIN') }).sentence, /, with AUTH LOGIN offered inside TLS\.$/);
  });

  test('no AUTH after STARTTLS: submission-auth-disabled, in Gmail\'s words', () => {
    const j = judge({ authAfterTls: offer('PIPELINING') });
    assert.deepEqual(codes(j), ['error submission-auth-disabled']);
    assert.equal(j.outcome, 'refuse');
    assert.equal(exitStatusOf(j.outcome), 1);
    assert.match(j.sentence, /^No: Gmail's "Send mail as" would refuse mail\.example\.com on port 587, because it offers no AUTH after STARTTLS, so nobody can log in on port 587 \(Gmail's "Send mail as" would fail with "Authentication failed", and mail programs cannot send\)/);
    assert.match(j.sentence, /-o smtpd_sasl_auth_enable=yes/);
  });

  test('AUTH without PLAIN or LOGIN: submission-auth-disabled, naming what is offered', () => {
    const j = judge({ authAfterTls: offer('AUTH CRAM-MD5 SCRAM-SHA-256') });
    assert.deepEqual(codes(j), ['error submission-auth-disabled']);
    assert.match(j.verdict.problems[0]!.message, /^The server offers AUTH CRAM-MD5 SCRAM-SHA-256 after STARTTLS but neither PLAIN nor LOGIN/);
    assert.match(j.sentence, /"Authentication failed".*auth_mechanisms = plain login/);
  });

  test('AUTH before STARTTLS: submission-auth-before-tls, "not safe for submission"', () => {
    const j = judge({ authBeforeTls: offer('STARTTLS', 'AUTH PLAIN LOGIN') });
    assert.deepEqual(codes(j), ['error submission-auth-before-tls']);
    assert.equal(j.outcome, 'refuse');
    assert.match(j.sentence, /^No: mail\.example\.com on port 587 is not safe for submission, because it offers AUTH PLAIN LOGIN before STARTTLS, so a mail program that does not insist on TLS sends the password in clear text .*smtpd_tls_auth_only=yes/);
    // Both: the login that fails decides the sentence.
    const both = judge({ authBeforeTls: offer('AUTH=LOGIN'), authAfterTls: offer('SIZE 1') });
    assert.deepEqual(codes(both), ['error submission-auth-disabled', 'error submission-auth-before-tls']);
    assert.match(both.sentence, /^No: Gmail's "Send mail as" would refuse/);
  });

  test('a certificate problem decides before AUTH', () => {
    const f = fixtures();
    const j = judge({ chain: [der(f.leaf.cert)], authAfterTls: offer('SIZE 1') });
    assert.deepEqual(codes(j), ['error cert-chain-incomplete', 'error submission-auth-disabled']);
    assert.match(j.sentence, /fullchain\.pem/);
  });

  test('not a submission port: AUTH is not judged', () => {
    const j = judge({ port: 25, submission: false, authBeforeTls: offer('AUTH PLAIN'), authAfterTls: offer('SIZE 1') });
    assert.equal(j.outcome, 'accept');
    assert.deepEqual(codes(j), []);
    assert.doesNotMatch(j.sentence, /AUTH/);
  });

  test('smtpd dying for want of its SASL back end: the advice points to the mail log', () => {
    for (const error of [
      { phase: 'ehlo-tls' as const, code: 'connection-closed' as const, message: 'closed' },
      { phase: 'greeting' as const, code: 'connection-closed' as const, message: 'closed' },
      { phase: 'greeting' as const, code: 'timeout' as const, message: 'silent' },
      { phase: 'greeting' as const, code: 'greeting-refused' as const, message: 'The server refused the session with "421 4.3.2 Service shutting down" instead of a 220 greeting.' },
    ]) {
      assert.match(errorAdvice(error, { port: 587, mode: 'starttls', submission: true }).fix, /if the mail log shows "fatal: no SASL authentication mechanisms"/, error.code);
      assert.doesNotMatch(errorAdvice(error, { port: 25, mode: 'starttls', submission: false }).fix, /SASL/, error.code);
    }
    assert.match(errorAdvice({ phase: 'greeting', code: 'timeout', message: 'silent' }, { port: 587, mode: 'starttls', submission: true }).fix, /"bad command startup -- throttling"/);
    assert.doesNotMatch(errorAdvice({ phase: 'handshake', code: 'tls-handshake-failed', message: 'x' }, { port: 587, mode: 'starttls', submission: true }).fix, /SASL/);
  });
});

// --- scripted servers ------------------------------------------------------------------------

const rejections = watchUnhandledRejections();
const servers: FakeServer[] = [];
const allVerbs = new Set<string>();
afterEach(() => assert.deepEqual(rejections, []));
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  assert.ok(allVerbs.has('EHLO'), 'the scripted servers were reached');
  assert.deepEqual([...allVerbs].filter((v) => !['EHLO', 'STARTTLS', 'QUIT'].includes(v)), [], `the probe sent only EHLO, STARTTLS and QUIT (saw ${[...allVerbs].join(', ')})`);
});

async function serve(handler: (c: Conn) => void): Promise<FakeServer> {
  const s = await fakeServer(handler);
  servers.push(s);
  return s;
}

async function probeOf(s: FakeServer, over: Partial<ProbeOptions> = {}): Promise<ProbeReport> {
  const r = await probe({ host: '127.0.0.1', port: s.port, hostnames: ['mail.example.com'], caPem: fixtures().root.cert, timeoutMs: 10_000, submission: true, ...over });
  for (const v of s.verbs()) allVerbs.add(v);
  return r;
}

const EHLO_PLAIN_AUTH = '250-fake.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-STARTTLS\r\n250 8BITMIME\r\n';

describe('scripted servers', () => {
  test('AUTH only after STARTTLS: accept; the JSON shape and the reports show both replies', async () => {
    const s = await serve(smtp());
    const r = await probeOf(s);
    assert.equal(r.outcome, 'accept', r.sentence);
    assert.equal(r.submission, true);
    assert.deepEqual(r.auth, { beforeTls: [], afterTls: ['PLAIN', 'LOGIN'], ignored: 0 });
    assert.deepEqual(s.verbs(), ['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
    const text = formatProbeReport(r);
    assert.match(text, /^Submission: {3}yes \(port \d+\): AUTH PLAIN or LOGIN must be offered after STARTTLS, and no AUTH before it$/m);
    assert.match(text, /^AUTH before TLS: none$/m);
    assert.match(text, /^AUTH after TLS: {2}PLAIN LOGIN$/m);
    const html = probeReportHtml(r, { nonce: 'abcdefghijklmnop1234' });
    assert.match(html, /<th scope="row">AUTH before TLS<\/th><td><span class="muted">none<\/span><\/td>/);
    assert.match(html, /<th scope="row">AUTH after TLS<\/th><td>PLAIN LOGIN<\/td>/);
  });

  test('the same server on a port not judged as submission: AUTH recorded, not judged', async () => {
    const s = await serve(smtp({ ehlo: EHLO_PLAIN_AUTH }));
    const r = await probeOf(s, { submission: undefined });
    assert.equal(r.submission, false, 'a random port is not a submission port by default');
    assert.equal(r.outcome, 'accept', r.sentence);
    assert.deepEqual(r.auth, { beforeTls: ['PLAIN', 'LOGIN'], afterTls: ['PLAIN', 'LOGIN'], ignored: 0 });
  });

  test('AUTH offered before STARTTLS: submission-auth-before-tls, exit 1 from the command line, shown in text and JSON', async () => {
    const s = await serve(smtp({ ehlo: EHLO_PLAIN_AUTH }));
    const r = await probeOf(s);
    assert.deepEqual(r.verdict.problems.map((p) => p.code), ['submission-auth-before-tls']);
    assert.match(r.sentence, /is not safe for submission, because it offers AUTH PLAIN LOGIN before STARTTLS/);
    const args = ['probe', '--submission', '--hostname', 'mail.example.com', '--ca-file', fixtures().file('probe-auth-root.pem', fixtures().root.cert), '--timeout', '10000', `127.0.0.1:${s.port}`];
    const text = await runCliAsync(args);
    assert.equal(text.status, 1, text.stdout + text.stderr);
    assert.match(text.stdout, /^AUTH before TLS: PLAIN LOGIN$/m);
    assert.match(text.stdout, /^ {2}error submission-auth-before-tls: The EHLO reply before STARTTLS offers AUTH PLAIN LOGIN/m);
    const json = await runCliAsync(['probe', '--json', ...args.slice(1)]);
    assert.equal(json.status, 1);
    const j = JSON.parse(json.stdout) as ProbeReport;
    assert.deepEqual([j.submission, j.auth], [true, { beforeTls: ['PLAIN', 'LOGIN'], afterTls: ['PLAIN', 'LOGIN'], ignored: 0 }]);
    for (const v of s.verbs()) allVerbs.add(v);
  });

  test('no AUTH after STARTTLS: submission-auth-disabled', async () => {
    const s = await serve(smtp({ ehloTls: '250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n' }));
    const r = await probeOf(s);
    assert.deepEqual(r.verdict.problems.map((p) => p.code), ['submission-auth-disabled']);
    assert.deepEqual(r.auth, { beforeTls: [], afterTls: [], ignored: 0 });
    assert.match(r.sentence, /would fail with "Authentication failed"/);
  });

  test('hostile AUTH lines: only mechanism names shown, the rest counted; nothing raw reaches a terminal or the page', async () => {
    const evil = '\x1b]0;pwned\x07 \x1b[2J <script>alert(1)</script> \u202eNIGOL __proto__ PLAIN';
    const s = await serve(smtp({ ehlo: `250-fake.test\r\n250-AUTH ${evil}\r\n250 STARTTLS\r\n`, ehloTls: `250-fake.test\r\n250-AUTH=${evil}\r\n250 SIZE 1\r\n` }));
    const r = await probeOf(s);
    assert.deepEqual(r.auth, { beforeTls: ['__PROTO__', 'PLAIN'], afterTls: ['__PROTO__', 'PLAIN'], ignored: 8 });
    const cli = await runCliAsync(['probe', '--submission', '--hostname', 'mail.example.com', '--ca-file', fixtures().file('probe-auth-root.pem', fixtures().root.cert), '--timeout', '10000', `127.0.0.1:${s.port}`]);
    assert.equal(cli.status, 1);
    assert.match(cli.stdout, /^AUTH names ignored: 8 /m);
    assert.doesNotMatch(cli.stdout, /[\x00-\x08\x0b-\x1f\x7f\u202e]/, 'no control or bidi character reaches the terminal');
    const html = probeReportHtml(r, { nonce: 'abcdefghijklmnop1234' });
    assert.doesNotMatch(html, /<script>alert/);
    for (const v of s.verbs()) allVerbs.add(v);
  });

  test('implicit TLS (465-style): no EHLO before TLS, AUTH read inside it', async () => {
    const s = await serve((c: Conn) => {
      const t = c.startTls(goodContext());
      t.once('secure', () => c.write('220 fake.test ESMTP\r\n'));
      c.onLine((line) => {
        const verb = (line.split(' ')[0] ?? '').toUpperCase();
        if (verb === 'EHLO') c.write('250-fake.test\r\n250-AUTH LOGIN\r\n250 SIZE 1\r\n');
        else if (verb === 'QUIT') {
          c.write('221 Bye\r\n');
          c.out.end();
        } else c.write('502 5.5.2 no\r\n');
      });
    });
    const r = await probeOf(s, { mode: 'tls' });
    assert.equal(r.outcome, 'accept', r.sentence);
    assert.deepEqual(r.auth, { beforeTls: null, afterTls: ['LOGIN'], ignored: 0 });
    assert.match(r.sentence, /with AUTH LOGIN offered inside TLS\.$/);
    assert.doesNotMatch(formatProbeReport(r), /AUTH before TLS/);
    assert.match(formatProbeReport(r), /^AUTH inside TLS: {2}LOGIN$/m);
  });

  test('STARTTLS not offered on a submission port: AUTH before TLS is judged all the same', async () => {
    const s = await serve(smtp({ ehlo: '250-fake.test\r\n250 AUTH PLAIN\r\n' }));
    const r = await probeOf(s);
    assert.deepEqual(r.verdict.problems.map((p) => p.code), ['starttls-not-offered', 'submission-auth-before-tls']);
    assert.deepEqual(r.auth, { beforeTls: ['PLAIN'], afterTls: null, ignored: 0 });
  });
});
