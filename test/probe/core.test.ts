// The pure probe core: reply framing and its limits, EHLO parsing, the dialogue state machine, the
// TLS record reader and the verdict, without any socket.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { MAX_LINE_BYTES, MAX_REPLY_LINES, ReplyReader, type SmtpReply } from '../../server/src/core/probe/reply-reader';
import { parseEhlo, offers } from '../../server/src/core/probe/ehlo';
import { SmtpDialogue, type DialogueStep } from '../../server/src/core/probe/dialogue';
import { certificatesFromHandshake } from '../../server/src/core/probe/wire-certificates';
import { exitStatusOf, judgeProbe, type JudgeInput } from '../../server/src/core/probe/verdict';
import { escapeWireLine } from '../../server/src/core/escape';
import { parseTarget } from '../../server/src/cli/probe-command';
import { UsageError } from '../../server/src/cli/args';
import { fixtures } from '../helpers/certificates';
import { derOf as der, judgeInput } from '../helpers/probe-servers';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

function readAll(reader: ReplyReader, ...chunks: string[]): { replies: SmtpReply[]; lines: string[]; error?: string } {
  const replies: SmtpReply[] = [];
  const lines: string[] = [];
  for (const c of chunks) {
    reader.push(bytes(c));
    for (;;) {
      const r = reader.next();
      lines.push(...r.lines);
      if (r.error) return { replies, lines, error: r.error.code };
      if (!r.reply) break;
      replies.push(r.reply);
    }
  }
  return { replies, lines };
}

describe('reply framing', () => {
  test('multi-line replies in any chunking, CR LF or bare LF', () => {
    const text = '250-mail.test\r\n250-PIPELINING\n250 STARTTLS\r\n220 next\r\n';
    for (const split of [1, 2, 3, 7, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${split}}`, 'g'))!;
      const { replies, lines, error } = readAll(new ReplyReader(), ...chunks);
      assert.equal(error, undefined);
      assert.deepEqual(replies.map((r) => r.code), [250, 220]);
      assert.deepEqual(replies[0]!.texts, ['mail.test', 'PIPELINING', 'STARTTLS']);
      assert.deepEqual(lines, ['250-mail.test', '250-PIPELINING', '250 STARTTLS', '220 next']);
    }
  });

  test('next() stops after one reply; takeRest() returns what follows', () => {
    const reader = new ReplyReader();
    reader.push(bytes('220 go ahead\r\n250 fake\r\npartial'));
    assert.equal(reader.next().reply?.code, 220);
    assert.equal(reader.pendingBytes, '250 fake\r\npartial'.length);
    assert.equal(reader.takeRest().toString(), '250 fake\r\npartial');
    assert.equal(reader.pendingBytes, 0);
  });

  test('"NNN" alone ends a reply; anything else that is not a reply line is bad-reply', () => {
    assert.deepEqual(readAll(new ReplyReader(), '250\r\n').replies.map((r) => r.code), [250]);
    for (const bad of ['HTTP/1.1 400\r\n', '25 short\r\n', '250x\r\n', '\r\n', '650 six\r\n']) assert.equal(readAll(new ReplyReader(), bad).error, 'bad-reply', bad);
  });

  test('a line of exactly the limit passes; one byte more fails, with or without a line end', () => {
    const ok = `250 ${'a'.repeat(MAX_LINE_BYTES - 4)}\r\n`;
    assert.equal(readAll(new ReplyReader(), ok).replies.length, 1);
    assert.equal(readAll(new ReplyReader(), `250 ${'a'.repeat(MAX_LINE_BYTES - 3)}\r\n`).error, 'reply-too-long');
    assert.equal(readAll(new ReplyReader(), 'A'.repeat(MAX_LINE_BYTES + 2)).error, 'reply-too-long');
  });

  test('the reader never holds more than a line, however the bytes come', () => {
    const reader = new ReplyReader();
    let error: string | undefined;
    for (let i = 0; i < 1000 && !error; i++) {
      reader.push(Buffer.alloc(1000, 'x'));
      error = reader.next().error?.code;
      assert.ok(reader.pendingBytes <= MAX_LINE_BYTES + 1000);
    }
    assert.equal(error, 'reply-too-long');
  });

  test('too many lines or bytes in one reply: reply-too-long', () => {
    assert.equal(readAll(new ReplyReader(), '250-x\r\n'.repeat(MAX_REPLY_LINES + 1)).error, 'reply-too-long');
    assert.equal(readAll(new ReplyReader(), `250-${'y'.repeat(4000)}\r\n`.repeat(20)).error, 'reply-too-long');
  });

  test('control bytes and backslashes are escaped for display', () => {
    assert.equal(escapeWireLine('220 \x1b[31mred\x00\\'), '220 \\x1b[31mred\\x00\\\\');
    assert.equal(escapeWireLine('plain'), 'plain');
  });
});

describe('EHLO keywords', () => {
  test('upper-cased keywords with parameters; the first line is the server name', () => {
    const ext = parseEhlo(['mail.test greets you', 'pipelining', 'SIZE 10240000', 'AUTH PLAIN LOGIN', 'starttls', '!!bad', '']);
    assert.deepEqual(ext, [
      { keyword: 'PIPELINING', params: [] },
      { keyword: 'SIZE', params: ['10240000'] },
      { keyword: 'AUTH', params: ['PLAIN', 'LOGIN'] },
      { keyword: 'STARTTLS', params: [] },
    ]);
    assert.ok(offers(ext, 'STARTTLS'));
    assert.ok(!offers(parseEhlo(['STARTTLS']), 'STARTTLS'), 'the server name line is not a keyword');
  });
});

const reply = (code: number, ...texts: string[]): SmtpReply => {
  const t = texts.length ? texts : ['ok'];
  return { code, texts: t, lines: t.map((x, i) => `${code}${i === t.length - 1 ? ' ' : '-'}${x}`) };
};

describe('the dialogue', () => {
  test('STARTTLS: greeting, EHLO, STARTTLS, handshake, EHLO, QUIT', () => {
    const d = new SmtpDialogue({ mode: 'starttls', ehloName: '[127.0.0.1]' });
    assert.deepEqual(d.connected(), { kind: 'wait' });
    assert.equal(d.phase, 'greeting');
    assert.deepEqual(d.reply(reply(220, 'mail.test ESMTP')), { kind: 'send', line: 'EHLO [127.0.0.1]' });
    assert.deepEqual(d.reply(reply(250, 'mail.test', 'PIPELINING', 'STARTTLS')), { kind: 'send', line: 'STARTTLS' });
    assert.deepEqual(d.reply(reply(220, 'go ahead')), { kind: 'start-tls' });
    assert.equal(d.phase, 'handshake');
    assert.deepEqual(d.tlsEstablished(), { kind: 'send', line: 'EHLO [127.0.0.1]' });
    assert.equal(d.phase, 'ehlo-tls');
    assert.deepEqual(d.reply(reply(250, 'mail.test', 'AUTH PLAIN')), { kind: 'send', line: 'QUIT' });
    assert.deepEqual(d.reply(reply(221, 'bye')), { kind: 'close' });
    assert.equal(d.error, null);
    assert.deepEqual(d.extensionsAfterTls.map((e) => e.keyword), ['AUTH']);
  });

  test('TLS from the first byte: handshake, greeting, EHLO, QUIT', () => {
    const d = new SmtpDialogue({ mode: 'tls', ehloName: 'probe.example' });
    assert.deepEqual(d.connected(), { kind: 'start-tls' });
    assert.deepEqual(d.tlsEstablished(), { kind: 'wait' });
    assert.equal(d.phase, 'greeting');
    assert.deepEqual(d.reply(reply(220)), { kind: 'send', line: 'EHLO probe.example' });
    assert.deepEqual(d.reply(reply(250, 'x')), { kind: 'send', line: 'QUIT' });
  });

  test('refusals are recorded, then the client says QUIT; the epilogue never adds an error', () => {
    const cases: [SmtpReply[], string, string][] = [
      [[reply(421, 'busy')], 'greeting', 'greeting-refused'],
      [[reply(220), reply(550, 'no')], 'ehlo', 'ehlo-refused'],
      [[reply(220), reply(250, 'x', 'PIPELINING')], 'ehlo', 'starttls-not-offered'],
      [[reply(220), reply(250, 'x', 'STARTTLS'), reply(454, 'TLS not available')], 'starttls', 'starttls-refused'],
    ];
    for (const [replies, phase, code] of cases) {
      const d = new SmtpDialogue({ mode: 'starttls', ehloName: 'x' });
      d.connected();
      let last: DialogueStep = { kind: 'wait' };
      for (const r of replies) last = d.reply(r);
      assert.deepEqual(last, { kind: 'send', line: 'QUIT' }, code);
      assert.equal(d.error?.code, code);
      assert.equal(d.error?.phase, phase);
      d.fail({ phase: 'quit', code: 'timeout', message: 'x' });
      d.closed();
      assert.equal(d.error?.code, code, 'the first error stays');
    }
  });

  test('a hang-up in the middle is connection-closed; after QUIT it is nothing', () => {
    const d = new SmtpDialogue({ mode: 'starttls', ehloName: 'x' });
    d.connected();
    d.reply(reply(220));
    d.closed();
    assert.equal(d.error?.code, 'connection-closed');
    assert.equal(d.error?.phase, 'ehlo');
    const q = new SmtpDialogue({ mode: 'tls', ehloName: 'x' });
    q.connected();
    q.tlsEstablished();
    q.reply(reply(220));
    q.reply(reply(250));
    q.closed();
    assert.equal(q.error, null);
  });

  test('whatever the server answers, the client sends only EHLO, STARTTLS and QUIT, and stops within 6 steps', () => {
    const code = fc.constantFrom(220, 221, 250, 354, 421, 454, 500, 502, 550, 554);
    fc.assert(
      fc.property(fc.constantFrom('starttls' as const, 'tls' as const), fc.array(fc.tuple(code, fc.boolean()), { maxLength: 12 }), (mode, answers) => {
        const d = new SmtpDialogue({ mode, ehloName: 'x' });
        let step = d.connected();
        let steps = 0;
        for (const [c, starttls] of answers) {
          if (step.kind === 'close') break;
          if (step.kind === 'start-tls') step = d.tlsEstablished();
          else step = d.reply(reply(c, 'x', ...(starttls ? ['STARTTLS'] : []), 'AUTH PLAIN'));
          if (step.kind === 'send') assert.match(step.line, /^(EHLO x|STARTTLS|QUIT)$/);
          steps++;
        }
        assert.ok(steps <= 6 || step.kind === 'close');
      }),
      { numRuns: 500 },
    );
  });
});

describe('the certificate list from the handshake bytes', () => {
  test('never throws on garbage, truncation or records without a certificate', () => {
    assert.ok('error' in certificatesFromHandshake(new Uint8Array(0), undefined));
    assert.ok('error' in certificatesFromHandshake(bytes('220 mail.test ESMTP\r\n'), undefined));
    for (let i = 0; i < 200; i++) {
      const r = certificatesFromHandshake(randomBytes(1 + (i % 300)), i % 2 ? randomBytes(32) : undefined);
      assert.ok('error' in r || Array.isArray(r.certificates));
    }
    // A plausible record header announcing more bytes than there are.
    assert.match((certificatesFromHandshake(Buffer.from([22, 3, 3, 0xff, 0xff, 2, 0]), undefined) as { error: string }).error, /middle of a record/);
  });
});

function judge(over: Partial<JudgeInput>): ReturnType<typeof judgeProbe> {
  return judgeProbe(judgeInput(over));
}

describe('the verdict', () => {
  test('a complete, trusted chain that covers the name: accept, exit 0', () => {
    const j = judge({});
    assert.equal(j.outcome, 'accept');
    assert.equal(exitStatusOf(j.outcome), 0);
    assert.deepEqual([j.verdict.trusted, j.verdict.nameMatches, j.verdict.acceptable], [true, true, true]);
    assert.deepEqual(j.verdict.problems, []);
    assert.match(j.sentence, /^Yes: Gmail's "Send mail as" would accept mail\.example\.com on port 25: TLSv1\.3, a chain trusted by "postfix-lens Test Root CA"/);
    assert.equal(j.chain[1]!.isCA, true);
    assert.deepEqual(j.chain[0]!.names, ['mail.example.com', 'smtp.example.com']);
  });

  test('only the leaf: cert-chain-incomplete and the fullchain.pem fix', () => {
    const j = judge({ chain: [der(fixtures().leaf.cert)] });
    assert.equal(j.outcome, 'refuse');
    assert.equal(exitStatusOf(j.outcome), 1);
    assert.deepEqual(j.verdict.problems.map((p) => p.code), ['cert-chain-incomplete']);
    assert.equal(j.verdict.trusted, false);
    assert.equal(
      j.sentence,
      'No: Gmail\'s "Send mail as" would refuse mail.example.com on port 25, because the server sent only the leaf certificate, without the intermediate "postfix-lens Test Intermediate" that issued it: point smtpd_tls_cert_file at fullchain.pem (or list it in smtpd_tls_chain_files) and run postfix reload.',
    );
  });

  test('the static checks\' codes: self-signed, name mismatch, expired', () => {
    const f = fixtures();
    assert.deepEqual(judge({ chain: [der(f.selfSigned.cert)] }).verdict.problems.map((p) => p.code), ['cert-self-signed']);
    const wrong = judge({ hostnames: ['other.example.org'] });
    assert.deepEqual(wrong.verdict.problems.map((p) => p.code), ['cert-name-mismatch']);
    assert.deepEqual([wrong.verdict.trusted, wrong.verdict.nameMatches], [true, false]);
    assert.match(wrong.sentence, /is for mail\.example\.com, smtp\.example\.com, not other\.example\.org/);
    const expired = judge({ chain: [der(f.expired.cert), der(f.intermediate.cert)] });
    assert.deepEqual(expired.verdict.problems.map((p) => p.code), ['cert-expired']);
    assert.match(expired.sentence, /expired on \d{4}-\d\d-\d\d: renew it/);
    const soon = judge({ chain: [der(f.expiringSoon.cert), der(f.intermediate.cert)] });
    assert.equal(soon.outcome, 'accept');
    assert.match(soon.sentence, /, but its certificate expires on .* in 10 days/);
  });

  test('a dialogue error without a certificate: refuse or unfinished by its kind', () => {
    const notOffered = judge({ chain: [], tlsVersion: null, error: { phase: 'ehlo', code: 'starttls-not-offered', message: 'x.' } });
    assert.equal(notOffered.outcome, 'refuse');
    assert.deepEqual([notOffered.verdict.trusted, notOffered.verdict.nameMatches], [null, null]);
    const timeout = judge({ chain: [], tlsVersion: null, error: { phase: 'greeting', code: 'timeout', message: 'No answer.' } });
    assert.equal(timeout.outcome, 'unfinished');
    assert.equal(exitStatusOf(timeout.outcome), 2);
    assert.match(timeout.sentence, /^Unknown: the probe could not finish \(timeout, greeting\)/);
  });

  test('a bad certificate decides even when the dialogue then timed out', () => {
    const j = judge({ chain: [der(fixtures().selfSigned.cert)], error: { phase: 'ehlo-tls', code: 'timeout', message: 'No answer.' } });
    assert.equal(j.outcome, 'refuse');
    assert.match(j.sentence, /self-signed/);
  });

  test('injected bytes are a warning that does not block', () => {
    const j = judge({ injection: { phase: 'starttls', bytes: 10, preview: '250 fake' } });
    assert.equal(j.outcome, 'accept');
    assert.deepEqual(j.verdict.problems.map((p) => `${p.severity} ${p.code}`), ['warning starttls-injection']);
  });
});

describe('HOST[:PORT]', () => {
  test('names, IPv4, bracketed IPv6, bare IPv6, ports', () => {
    assert.deepEqual(parseTarget('mail.example.com'), { host: 'mail.example.com', port: 25 });
    assert.deepEqual(parseTarget('mail.example.com:587'), { host: 'mail.example.com', port: 587 });
    assert.deepEqual(parseTarget('192.0.2.1:465'), { host: '192.0.2.1', port: 465 });
    assert.deepEqual(parseTarget('[::1]:25'), { host: '::1', port: 25 });
    assert.deepEqual(parseTarget('[2001:db8::1]'), { host: '2001:db8::1', port: 25 });
    assert.deepEqual(parseTarget('::1'), { host: '::1', port: 25 });
    for (const bad of ['host:', 'host:0', 'host:65536', 'host:2x', '[nothost]:25', ':25', 'a:b:c', '[::1]:x']) assert.throws(() => parseTarget(bad), UsageError, bad);
  });
});
