// The DNS client against a hostile resolver on loopback (UDP and TCP on one port, written here with
// dns-packet): drips, endless truncation, CNAME loops, a 64 KB TXT, wrong IDs, answers about other
// names, garbage. Every lookup must end by its deadline with a reason a person can act on.
// The behaviour is chosen by the first label of the name asked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as packet from 'dns-packet';
import { lookup, type LookupOptions } from '../../server/src/io/dns/lookup';
import type { DnsResult } from '../../server/src/core/dns/types';

type Query = packet.DecodedPacket & { id: number; questions: packet.Question[] };

function reply(q: Query, extra: Partial<packet.Packet> = {}): Buffer {
  return packet.encode({ type: 'response', id: q.id, flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE, questions: q.questions, ...extra });
}
const TC = packet.RECURSION_DESIRED | packet.TRUNCATED_RESPONSE;
const cname = (name: string, target: string): packet.Answer => ({ type: 'CNAME', name, ttl: 60, data: target });
const a = (name: string): packet.Answer => ({ type: 'A', name, ttl: 60, data: '192.0.2.1' });
const framed = (msg: Buffer) => Buffer.concat([Buffer.from([msg.length >> 8, msg.length & 0xff]), msg]);

/** What the server sends over UDP for a query (zero or more datagrams). */
function udpAnswers(q: Query): Buffer[] {
  const name = q.questions[0]!.name;
  const [first] = name.split('.');
  switch (first) {
    case 'good':
      return [reply(q, { answers: [a(name)] })];
    case 'drip': case 'stall': case 'big': case 'closes': case 'flood': case 'tcgarbage': case 'tctwice':
      return [reply(q, { flags: TC })];
    case 'wrongid':
      return [0, 1, 2].map((i) => reply({ ...q, id: (q.id + 1 + i) & 0xffff }, { answers: [a(name)] }));
    case 'wrongidthenright':
      return [reply({ ...q, id: (q.id + 1) & 0xffff }, { answers: [a(name)] }), reply(q, { answers: [a(name)] })];
    case 'othername':
      return [reply({ ...q, questions: [{ type: 'A', name: 'elsewhere.example', class: 'IN' }] }, { answers: [a('elsewhere.example')] })];
    case 'othernamethenright':
      return [reply({ ...q, questions: [{ type: 'A', name: 'elsewhere.example', class: 'IN' }] }, { answers: [a('elsewhere.example')] }), reply(q, { answers: [a(name)] })];
    case 'othertype':
      return [reply({ ...q, questions: [{ type: 'MX', name, class: 'IN' }] })];
    case 'garbage':
      return [Buffer.from('this is not a DNS message at all'), Buffer.alloc(5, 0xff)];
    case 'loop': // a CNAME b, b CNAME a, in one answer
      return [reply(q, { answers: [cname(name, `b-${name}`), cname(`b-${name}`, name)] })];
    case 'ping': // each name answered alone, pointing at the other: the loop shows across queries
      return [reply(q, { answers: [cname(name, name.replace('ping', 'pong'))] })];
    case 'pong':
      return [reply(q, { answers: [cname(name, name.replace('pong', 'ping'))] })];
    case 'servfail':
      return [reply(q, { flags: packet.RECURSION_DESIRED | 2 })];
    case 'silent':
      return [];
  }
  // n1.chain..., n2.chain...: an endless chain, one CNAME per answer.
  const chain = /^n(\d+)\.chain\./.exec(name);
  if (chain) return [reply(q, { answers: [cname(name, name.replace(/^n\d+/, `n${Number(chain[1]) + 1}`))] })];
  return [reply(q, { flags: packet.RECURSION_DESIRED | 3 })];
}

/** What the server does on a TCP connection once it has read a whole query. */
function tcpAnswer(q: Query, socket: net.Socket): void {
  const name = q.questions[0]!.name;
  const first = name.split('.')[0];
  if (first === 'drip') {
    const bytes = framed(reply(q, { answers: [a(name)] }));
    let i = 0;
    const t = setInterval(() => (i < bytes.length && !socket.destroyed ? socket.write(bytes.subarray(i, ++i)) : clearInterval(t)), 1000);
    socket.on('close', () => clearInterval(t));
  } else if (first === 'big') {
    // 250 strings of 255 bytes: a TXT record of 64,000 bytes, the message under 65,535.
    const strings = Array.from({ length: 250 }, (_, i) => Buffer.alloc(255, 0x61 + (i % 26)));
    socket.write(framed(reply(q, { answers: [{ type: 'TXT', name, ttl: 60, data: strings }] })));
  } else if (first === 'closes') socket.destroy();
  else if (first === 'tctwice') socket.write(framed(reply(q, { flags: TC })));
  else if (first === 'tcgarbage') socket.write(Buffer.from([0x00, 0x20, ...Buffer.alloc(32, 0xee)]));
  else if (first === 'flood') {
    // Answers for another ID, without end: the client must stop reading, not keep them.
    const other = framed(reply({ ...q, id: (q.id + 1) & 0xffff }, { answers: [a(name)] }));
    const more = () => {
      let room = true;
      while (room && !socket.destroyed) room = socket.write(Buffer.concat(Array(64).fill(other)));
    };
    socket.on('drain', more);
    more();
  }
  // 'stall': reads the query and never answers.
}

let port = 0;
let udp: dgram.Socket;
let tcp: net.Server;
const sockets = new Set<net.Socket>();

before(async () => {
  udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    let q: Query;
    try {
      q = packet.decode(msg) as Query;
    } catch {
      return;
    }
    for (const out of udpAnswers(q)) udp.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  port = udp.address().port;
  tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let held = Buffer.alloc(0);
    socket.on('data', (d) => {
      held = Buffer.concat([held, d]);
      if (held.length >= 2 && held.length >= 2 + held.readUInt16BE(0)) tcpAnswer(packet.decode(held.subarray(2, 2 + held.readUInt16BE(0))) as Query, socket);
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
});

after(() => {
  for (const s of sockets) s.destroy();
  tcp.close();
  udp.close();
});

const FAST: LookupOptions = { timeoutMs: 300, attempts: 2, deadlineMs: 2000 };

/** The lookup, and how long it took; it must end by its deadline plus a margin for a busy machine. */
async function timed(name: string, type: 'A' | 'TXT', o: LookupOptions = FAST): Promise<DnsResult> {
  const start = performance.now();
  const r = await lookup(name, type, { resolver: { address: '127.0.0.1', port }, ...o });
  const took = performance.now() - start;
  assert.ok(took < (o.deadlineMs ?? 10_000) + 1500, `${name} took ${Math.round(took)} ms, past its deadline`);
  return r;
}

function failed(r: DnsResult, reason: string): string {
  assert.equal(r.ok, false, `expected a failure (${reason}), got ${JSON.stringify(r)}`);
  assert.equal(r.ok === false && r.reason, reason, JSON.stringify(r));
  return r.ok ? '' : r.detail;
}

test('the server works: a plain answer is taken', async () => {
  const r = await timed('good.hostile.test', 'A');
  assert.ok(r.ok);
  assert.deepEqual(r.answers.map((x) => x.type === 'A' && x.address), ['192.0.2.1']);
});

test('a TCP answer dripped one byte a second: the deadline ends it', async () => {
  const detail = failed(await timed('drip.hostile.test', 'A', { timeoutMs: 5000, deadlineMs: 1500 }), 'timeout');
  assert.match(detail, /drip\.hostile\.test A: .*TCP: no answer before the deadline/);
});

test('truncated over UDP, silent over TCP: the TCP timeout ends it', async () => {
  assert.match(failed(await timed('stall.hostile.test', 'A'), 'timeout'), /over TCP: no answer within 300 ms/);
});

test('truncated over UDP, and TCP closes, or truncates again: truncated', async () => {
  assert.match(failed(await timed('closes.hostile.test', 'A'), 'truncated'), /closed the connection without an answer/);
  assert.match(failed(await timed('tctwice.hostile.test', 'A'), 'truncated'), /truncated its answer over TCP too/);
});

test('garbage over TCP: malformed at once; garbage over UDP: malformed when the tries run out', async () => {
  assert.match(failed(await timed('tcgarbage.hostile.test', 'A'), 'malformed'), /not a DNS message/);
  assert.match(failed(await timed('garbage.hostile.test', 'A'), 'malformed'), /response\(s\) that are not DNS messages/);
});

test('a 64 KB TXT over TCP is read whole; with a smaller byte limit the lookup stops: too-large', async () => {
  const r = await timed('big.hostile.test', 'TXT');
  assert.ok(r.ok && r.answers[0]?.type === 'TXT');
  assert.equal(r.answers[0].strings.join('').length, 250 * 255);
  failed(await timed('big.hostile.test', 'TXT', { ...FAST, maxBytes: 16 * 1024 }), 'too-large');
});

test('an endless TCP stream of answers to another query: the client stops reading (too-large)', async () => {
  // A small byte limit and a long try: a loaded machine reaches the limit long before any timer.
  failed(await timed('flood.hostile.test', 'A', { timeoutMs: 4000, attempts: 1, deadlineMs: 5000, maxBytes: 16 * 1024 }), 'too-large');
});

test('wrong IDs and answers about other names are ignored: the right one after them is taken', async () => {
  assert.ok((await timed('wrongidthenright.hostile.test', 'A')).ok);
  assert.ok((await timed('othernamethenright.hostile.test', 'A')).ok);
  for (const name of ['wrongid.hostile.test', 'othername.hostile.test', 'othertype.hostile.test']) {
    assert.match(failed(await timed(name, 'A'), 'timeout'), /ignored \d+ response\(s\) that did not answer the query/);
  }
});

test('CNAME loops, in one answer or across queries, and an endless chain end with their reason', async () => {
  assert.match(failed(await timed('loop.hostile.test', 'A'), 'cname-loop'), /comes back to loop\.hostile\.test/);
  failed(await timed('ping.hostile.test', 'A'), 'cname-loop');
  assert.match(failed(await timed('n1.chain.hostile.test', 'A'), 'cname-chain-too-long'), /more than 8 CNAMEs/);
  failed(await timed('n1.chain.hostile.test', 'A', { ...FAST, maxCnames: 2 }), 'cname-chain-too-long');
});

test('a silent resolver: timeout after the tries, well before the deadline; SERVFAIL is named', async () => {
  const start = performance.now();
  failed(await timed('silent.hostile.test', 'A', { timeoutMs: 200, attempts: 2, deadlineMs: 5000 }), 'timeout');
  assert.ok(performance.now() - start < 4000, 'two tries of 200 ms, not the 5 s deadline');
  const r = await timed('servfail.hostile.test', 'A');
  failed(r, 'servfail');
  assert.equal(!r.ok && r.rcode, 'SERVFAIL');
});

test('the caller cancels: aborted, at once', async () => {
  const ctl = new AbortController();
  const pending = timed('silent.hostile.test', 'A', { timeoutMs: 5000, deadlineMs: 8000, signal: ctl.signal });
  setImmediate(() => ctl.abort());
  failed(await pending, 'aborted');
});

test('a port where nothing listens: unreachable, not a wait', async () => {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const closedPort = probe.address().port;
  probe.close();
  const r = await lookup('good.hostile.test', 'A', { resolver: { address: '127.0.0.1', port: closedPort }, ...FAST });
  failed(r, 'unreachable');
});

test('a name that is not a DNS name is refused before any packet', async () => {
  for (const bad of ['', 'a..b', 'x'.repeat(64) + '.test', 'sp ace.test', 'dot\u0000.test']) failed(await timed(bad, 'A'), 'bad-name');
});
