// The live probe against a loopback server whose every reply is generated: random and well-formed
// codes, "250-" continuations with and without their last line, LF or CR or no line end at all, lines
// of 5-70 KiB, 300-line replies, binary junk, replies dripped in small pieces with pauses, the
// connection closed after a random number of bytes, and after STARTTLS a real TLS handshake, TLS-
// looking garbage, silence or a hang-up. Every probe returns (a watchdog far above its small timeout
// catches a hang) with a report that either names the phase it stopped in or has a decided outcome,
// only documented codes, transcript lines of printable ASCII; no unhandled rejection happens; and the
// server never receives anything but EHLO, STARTTLS and QUIT.
//
// Each case costs up to its timeout (≤ 1.2 s), so shrinking is off (endOnFailure): a failure prints
// the seed and the generated script. Runs and seed: see test/helpers/fuzz-settings.ts.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import fc from 'fast-check';
import { probe, type ProbeReport } from '../../server/src/io/probe/probe';
import { fixtures } from '../helpers/certificates';
import { goodContext } from '../helpers/probe-servers';
import { FUZZ_SEED, fuzzParams, KNOWN_CODES, MAX_MESSAGE, withSeed } from '../helpers/fuzz-settings';

const PHASES = ['dns', 'connect', 'greeting', 'ehlo', 'starttls', 'handshake', 'ehlo-tls', 'quit'];
const VERBS = new Set(['EHLO', 'STARTTLS', 'QUIT']);
/** A probe that has not returned this long after its own timeout hangs. */
const WATCHDOG_SLACK_MS = 10_000;

// ---- What the server says --------------------------------------------------------------------

const eolArb = fc.constantFrom('\r\n', '\r\n', '\r\n', '\r\n', '\n', '\r', '', '\r\r\n', '\n\r');
const codeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('220', '250', '221', '421', '454', '554', '500', '502', '530') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')) },
  { weight: 1, arbitrary: fc.constantFrom('', '2', '25', '2500', 'abc', '25O', ' 250', '-250') },
);
const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fake.test ESMTP', 'STARTTLS', 'PIPELINING', 'SIZE 10240000', '8BITMIME', 'AUTH PLAIN LOGIN', 'go ahead', 'Bye', 'OK', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

const latin = (s: string) => Buffer.from(s, 'utf8');

/** One reply (or something pretending to be one) as bytes. */
const replyArb: fc.Arbitrary<Buffer> = fc.oneof(
  // A well-formed reply: continuation lines, then the last line.
  { weight: 6, arbitrary: fc.tuple(codeArb, fc.array(textArb, { maxLength: 5 }), textArb, eolArb).map(([c, more, last, eol]) => latin([...more.map((t) => `${c}-${t}`), `${c} ${last}`].join(eol) + eol)) },
  // Lines whose separators are random.
  { weight: 3, arbitrary: fc.array(fc.tuple(codeArb, fc.constantFrom(' ', '-', '', '=', '\t'), textArb, eolArb), { minLength: 1, maxLength: 5 }).map((ls) => latin(ls.map(([c, sep, t, eol]) => c + sep + t + eol).join(''))) },
  // Continuations that never end.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => latin('250-more\r\n'.repeat(n))) },
  // A huge line, with or without its end.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 5_000, max: 70_000 }), fc.boolean()).map(([n, end]) => latin(`250 ${'x'.repeat(n)}${end ? '\r\n' : ''}`)) },
  // A reply of many short lines (more than the reader keeps).
  { weight: 1, arbitrary: fc.constant(latin(`${'250-x\r\n'.repeat(300)}250 end\r\n`)) },
  // Binary junk.
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
);

/** Bytes cut into pieces sent with pauses in between (a slow drip), or at once. */
interface Chunk {
  bytes: Buffer;
  delayMs: number;
}

function chunksArb(bytes: fc.Arbitrary<Buffer>): fc.Arbitrary<Chunk[]> {
  return fc.tuple(bytes, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 7, maxLength: 7 }), fc.boolean()).map(([b, cuts, delays, drip]) => {
    if (!drip) return [{ bytes: b, delayMs: 0 }];
    const points = [...new Set(cuts.map((c) => (b.length ? c % b.length : 0)))].sort((x, y) => x - y);
    const out: Chunk[] = [];
    let from = 0;
    points.forEach((p, i) => {
      if (p > from) out.push({ bytes: b.subarray(from, p), delayMs: delays[i]! });
      from = Math.max(from, p);
    });
    out.push({ bytes: b.subarray(from), delayMs: delays[6]! });
    return out;
  });
}

/** A reply to a command: usually one, sometimes none or two (out of turn). */
const answerArb = (good: string): fc.Arbitrary<Chunk[]> =>
  fc.oneof(
    // Mostly the expected reply, so that many dialogues get as far as TLS and beyond.
    { weight: 14, arbitrary: chunksArb(fc.constant(latin(good))) },
    { weight: 4, arbitrary: chunksArb(replyArb) },
    { weight: 1, arbitrary: fc.constant<Chunk[]>([]) },
    { weight: 1, arbitrary: chunksArb(fc.tuple(replyArb, replyArb).map(([a, b]) => Buffer.concat([a, b]))) },
  );

interface Script {
  mode: 'starttls' | 'tls';
  greeting: Chunk[];
  ehlo: Chunk[];
  starttls: Chunk[];
  /** After its reply to STARTTLS (or at once in 'tls' mode). */
  then: 'handshake' | 'garbage' | 'close' | 'silence';
  garbage: Buffer;
  ehloTls: Chunk[];
  quit: Chunk[];
  /** Hang up after this many bytes sent (a fraction of what the script would send), or never. */
  closeAfter: number | null;
  timeoutMs: number;
  phaseTimeouts: { connect: number; greeting: number; reply: number; handshake: number };
}

const tlsGarbageArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
  // Records with a TLS header and random bodies: a handshake record, an alert, an absurd length.
  fc.tuple(fc.constantFrom(0x14, 0x15, 0x16, 0x17, 0x18), fc.constantFrom(0x0301, 0x0303, 0x0304, 0x0000), fc.uint8Array({ maxLength: 400 }), fc.boolean()).map(([type, version, body, lie]) => {
    const h = Buffer.alloc(5);
    h.writeUInt8(type, 0);
    h.writeUInt16BE(version, 1);
    h.writeUInt16BE(lie ? 0xffff : body.length, 3);
    return Buffer.concat([h, Buffer.from(body)]);
  }),
);

const scriptArb: fc.Arbitrary<Script> = fc.record({
  mode: fc.constantFrom<'starttls' | 'tls'>('starttls', 'starttls', 'starttls', 'tls'),
  greeting: answerArb('220 fake.test ESMTP\r\n'),
  ehlo: answerArb('250-fake.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n'),
  starttls: answerArb('220 2.0.0 Ready to start TLS\r\n'),
  then: fc.constantFrom<Script['then']>('handshake', 'handshake', 'handshake', 'garbage', 'close', 'silence'),
  garbage: tlsGarbageArb,
  ehloTls: answerArb('250-fake.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n'),
  quit: answerArb('221 2.0.0 Bye\r\n'),
  closeAfter: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
  timeoutMs: fc.integer({ min: 300, max: 1200 }),
  phaseTimeouts: fc.record({ connect: fc.integer({ min: 100, max: 1000 }), greeting: fc.integer({ min: 100, max: 800 }), reply: fc.integer({ min: 100, max: 800 }), handshake: fc.integer({ min: 150, max: 1000 }) }),
});

// ---- The server --------------------------------------------------------------------------------

/** What every connection received from the client, as lines (plain and decrypted TLS). */
const received: string[] = [];
let current: Script | null = null;
const sockets = new Set<net.Socket>();

function serve(socket: net.Socket, script: Script): void {
  socket.on('error', () => undefined);
  const total = [script.greeting, script.ehlo, script.starttls, script.ehloTls, script.quit].flat().reduce((n, c) => n + c.bytes.length, 0);
  const budget = script.closeAfter === null ? Infinity : Math.floor(script.closeAfter * total);
  let sent = 0;
  let out: net.Socket | tls.TLSSocket = socket;
  let queue = Promise.resolve();
  const send = (chunks: Chunk[]) => {
    for (const c of chunks) {
      queue = queue.then(async () => {
        if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
        if (out.destroyed) return;
        const room = budget - sent;
        const bytes = room < c.bytes.length ? c.bytes.subarray(0, Math.max(0, room)) : c.bytes;
        sent += bytes.length;
        if (bytes.length) out.write(bytes);
        if (sent >= budget) socket.destroy();
      });
    }
  };
  const afterStarttls = () => {
    queue = queue.then(() => {
      if (socket.destroyed) return;
      switch (script.then) {
        case 'handshake': {
          socket.removeAllListeners('data');
          const t = new tls.TLSSocket(socket, { isServer: true, secureContext: goodContext() });
          t.on('error', () => socket.destroy());
          // The TCP socket under TLS does not report its own close: pass the TLS socket's on. A reply
          // written before the handshake (to a QUIT sent in plain text meanwhile) waits for it, and
          // would keep the TLS socket open after the client's end: the end closes it.
          t.on('close', () => socket.destroy());
          t.on('end', () => socket.destroy());
          out = t;
          lines(t, (line) => onLine(line, true));
          return;
        }
        case 'garbage':
          socket.removeAllListeners('data');
          // Read on (and drop) what comes, so that the client's close reaches this side.
          socket.resume();
          socket.write(script.garbage);
          return;
        case 'close':
          socket.destroy();
          return;
        case 'silence':
          socket.removeAllListeners('data');
          socket.resume();
          return;
      }
    });
  };
  const onLine = (line: string, inTls: boolean) => {
    received.push(line);
    const verb = (line.split(' ')[0] ?? '').toUpperCase();
    if (verb === 'EHLO') send(inTls ? script.ehloTls : script.ehlo);
    else if (verb === 'STARTTLS' && !inTls) {
      send(script.starttls);
      afterStarttls();
    } else if (verb === 'QUIT') send(script.quit);
  };
  if (script.mode === 'tls') afterStarttls();
  else lines(socket, (line) => onLine(line, false));
  send(script.greeting);
}

/** Calls `fn` for every line received (CR LF or LF), as latin1 text; stops at the first TLS record. */
function lines(stream: net.Socket | tls.TLSSocket, fn: (line: string) => void): void {
  let buf = '';
  stream.on('data', (d: Buffer) => {
    // A ClientHello arriving on the plain socket: the client started TLS without our 220 (or after
    // one we sent out of turn); it is not a command.
    if (!(stream instanceof tls.TLSSocket) && buf === '' && d[0] === 0x16) return;
    buf += d.toString('latin1');
    for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
      fn(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
    if (buf.length > 65536) {
      received.push(buf.slice(0, 200));
      buf = '';
    }
  });
}

/** Called when the server side of every connection has closed. */
let onAllClosed = (): void => undefined;
/** Once the client has closed every connection, the server has read all it sent. */
function allClosed(): Promise<void> {
  return sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => (onAllClosed = resolve));
}

const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => {
    sockets.delete(socket);
    if (sockets.size === 0) onAllClosed();
  });
  if (current) serve(socket, current);
  else socket.destroy();
});
const listening = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));

const rejections: unknown[] = [];
const onRejection = (e: unknown) => void rejections.push(e);
process.on('unhandledRejection', onRejection);

after(async () => {
  process.off('unhandledRejection', onRejection);
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

// ---- The property ------------------------------------------------------------------------------

function reportProblems(r: ProbeReport): string[] {
  const out: string[] = [];
  if (r.error) {
    if (!PHASES.includes(r.error.phase)) out.push(`error phase ${r.error.phase}`);
    if (!KNOWN_CODES.has(r.error.code)) out.push(`error code ${r.error.code} is not documented`);
    if (!r.error.message || r.error.message.length > MAX_MESSAGE) out.push(`error message of ${r.error.message.length} characters`);
    if (r.error.code === 'internal-error') out.push(`internal-error: ${r.error.message}`);
  } else if (r.outcome !== 'accept' && r.outcome !== 'refuse') out.push(`no error, yet the outcome is ${r.outcome}`);
  if (!['accept', 'refuse', 'unfinished'].includes(r.outcome)) out.push(`outcome ${r.outcome}`);
  if (r.outcome === 'accept' && (r.error || !r.verdict.acceptable)) out.push('accepted with an error or an unacceptable verdict');
  for (const p of r.verdict.problems) {
    if (!KNOWN_CODES.has(p.code)) out.push(`problem code ${p.code} is not documented`);
    if (p.message.length > MAX_MESSAGE) out.push(`${p.code}: message of ${p.message.length} characters`);
  }
  if (!r.sentence || r.sentence.includes('\n') || r.sentence.length > MAX_MESSAGE) out.push(`sentence ${JSON.stringify(r.sentence.slice(0, 200))}`);
  for (const t of r.transcript) {
    if (!/^[\x20-\x7e]*$/.test(t.line)) out.push(`transcript line with raw bytes: ${JSON.stringify(t.line.slice(0, 80))}`);
    if (t.line.length > 4 * 4096 + 10) out.push(`transcript line of ${t.line.length} characters`);
  }
  if (r.injection && !/^[\x20-\x7e…]*$/.test(r.injection.preview)) out.push('injection preview with raw bytes');
  return out;
}

const describeScript = (s: Script) =>
  JSON.stringify(s, (k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') {
      const b = Buffer.from((v as { data: number[] }).data);
      return b.length > 120 ? `${JSON.stringify(b.subarray(0, 120).toString('latin1'))}… (${b.length} bytes)` : b.toString('latin1');
    }
    return k === 'bytes' && Buffer.isBuffer(v) ? v.toString('latin1') : v;
  });

test(`the probe against generated server replies: always a report, never a hang, only EHLO, STARTTLS, QUIT (seed ${FUZZ_SEED})`, { timeout: 600_000 }, async () => {
  const port = await listening;
  const ca = fixtures().root.cert;
  const outcomes = new Map<string, number>();
  await withSeed(() =>
    fc.assert(
      fc.asyncProperty(scriptArb, async (script) => {
        current = script;
        received.length = 0;
        const before = rejections.length;
        let timer: NodeJS.Timeout | undefined;
        const report = await Promise.race([
          probe({ host: '127.0.0.1', port, mode: script.mode, hostnames: ['mail.example.com'], caPem: ca, timeoutMs: script.timeoutMs, phaseTimeouts: script.phaseTimeouts }),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`probe did not return ${WATCHDOG_SLACK_MS} ms after its ${script.timeoutMs} ms timeout: ${describeScript(script)}`)), script.timeoutMs + WATCHDOG_SLACK_MS))),
        ]).finally(() => clearTimeout(timer));
        // Look at what the server read once the connection is closed: the client's last line (QUIT) included.
        let closeTimer: NodeJS.Timeout | undefined;
        await Promise.race([
          allClosed(),
          new Promise<never>((_, reject) => (closeTimer = setTimeout(() => reject(new Error(`the connection was still open ${WATCHDOG_SLACK_MS} ms after the probe returned (${JSON.stringify({ error: report.error, outcome: report.outcome })}): ${describeScript(script)}`)), WATCHDOG_SLACK_MS))),
        ]).finally(() => clearTimeout(closeTimer));
        const key = report.error ? `${report.error.phase}/${report.error.code}` : report.outcome;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        assert.deepEqual(reportProblems(report), [], `${JSON.stringify({ error: report.error, outcome: report.outcome })}; script ${describeScript(script)}`);
        const others = received.filter((l) => !VERBS.has((l.split(' ')[0] ?? '').toUpperCase()));
        assert.deepEqual(others, [], `the client sent something else than EHLO, STARTTLS, QUIT; script ${describeScript(script)}`);
        assert.deepEqual(rejections.slice(before), [], 'no unhandled rejection');
      }),
      fuzzParams(60, { endOnFailure: true }),
    ),
  );
  console.log(`probe outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
});
