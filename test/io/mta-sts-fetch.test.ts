// The MTA-STS policy fetch against a real HTTPS server on loopback (test/helpers/policy-server.ts:
// port 443 of a loopback address when this process may listen there, else a free port given to the
// fetcher's test-only `port` option; the first test says which) whose names exist only in the
// DNSSEC lab's zones (test/helpers/dns-lab.ts): every lookup goes through the lab's resolver.
// The good case, the bad certificates and the redirect are held to curl fetching the same URLs.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import * as dns from 'node:dns/promises';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';
import { startPolicyServer, type PolicyServer } from '../helpers/policy-server';
import { lookup } from '../../server/src/io/dns/lookup';
import { fetchMtaStsPolicy, type PolicyFetchOptions } from '../../server/src/io/mta-sts-fetch';
import type { PolicyFetchFailure, PolicyFetchResult, PolicyFetched } from '../../server/src/core/dns/policy-fetch';

const execFileAsync = promisify(execFile);

const POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mx.good.test\r\nmax_age: 86400\r\n';
const BIG = 10 * 1024 * 1024;
let bigSent = 0;
const dripping = new Set<NodeJS.Timeout>();
const silentReached = new EventEmitter();

/** One domain per behaviour: mta-sts.<case>.good.test, all on the same server. */
const CASES = {
  ok: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(POLICY) },
  notfound: { handler: (_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>') },
  moved: { handler: (_req, res) => res.writeHead(301, { Location: 'https://www.moved.good.test/mta-sts.txt', 'Content-Type': 'text/html' }).end('moved') },
  html: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<pre>${POLICY}</pre>`) },
  garbage: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(Buffer.from([0x76, 0x3d, 0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a])) },
  wrongname: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(POLICY), certificate: 'wrong-name' },
  untrusted: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(POLICY), certificate: 'untrusted' },
  drip: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('v');
      const t = setInterval(() => res.write('e'), 1000);
      dripping.add(t);
      res.on('close', () => (clearInterval(t), dripping.delete(t)));
    },
  },
  silent: { handler: () => void silentReached.emit('request') },
  big: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Written as fast as the client takes it (backpressure), so bigSent is what the socket took.
      const pump = () => {
        while (bigSent < BIG && !res.destroyed) {
          bigSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  },
  cut: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      res.write('version: ', () => res.socket?.destroy());
    },
  },
  twoaddr: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(POLICY) },
  hostile: {
    // A Location with UTF-8 bytes for U+202E (turns text around) Node reads header bytes as Latin-1.
    handler: (_req, res) => res.writeHead(302, { Location: Buffer.from('https://x.good.test/\u202etxt.exe', 'utf8').toString('latin1') }).end(),
  },
  announced: { handler: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(BIG) }).end() },
} satisfies Record<string, Parameters<typeof startPolicyServer>[0][string]>;

type Case = keyof typeof CASES;
const host = (c: string) => `mta-sts.${c}.good.test`;

// Nothing listens on REFUSED (below the policy server's 127.0.0.4-9: listed first in an answer); MUTE takes TCP connections and never says a word (no TLS).
const REFUSED = '127.0.0.2';
const MUTE = '127.0.0.11';

let server: PolicyServer | undefined;
let lab: DnsLab | undefined;
let mute: net.Server | undefined;
const muted = new Set<net.Socket>();

before(async () => {
  server = await startPolicyServer(Object.fromEntries(Object.entries(CASES).map(([c, h]) => [host(c), h])));
  mute = net.createServer((socket) => (muted.add(socket), socket.on('close', () => muted.delete(socket))));
  await new Promise<void>((resolve) => mute!.listen(server!.port, MUTE, resolve));
  // Every case gets the server's address, twoaddr REFUSED's too; mta-sts.noaddr.good.test does not exist.
  const records = Object.keys(CASES).map((c) => `mta-sts.${c} 3600 IN A ${server!.address}`);
  records.push(`mta-sts.twoaddr 3600 IN A ${REFUSED}`, `mta-sts.refused 3600 IN A ${REFUSED}`, `mta-sts.mute 3600 IN A ${MUTE}`);
  if (labAvailable()) lab = await startDnsLab({ 'good.test': records });
});

after(async () => {
  dripping.forEach(clearInterval);
  muted.forEach((s) => s.destroy());
  await Promise.all([server?.close(), lab?.stop(), new Promise((resolve) => (mute ? mute.close(resolve) : resolve(undefined)))]);
});

function need(t: TestContext): { lab: DnsLab; server: PolicyServer } | undefined {
  return needDnsLab(t) && lab && server ? { lab, server } : undefined;
}

function options(l: DnsLab, s: PolicyServer, more: PolicyFetchOptions = {}): PolicyFetchOptions {
  return { resolver: l.validating, extraCaPem: s.caPem, ...(s.onPort443 ? {} : { port: s.port }), ...more };
}

const url = (s: PolicyServer, c: string) => `https://${host(c)}${s.onPort443 ? '' : `:${s.port}`}/.well-known/mta-sts.txt`;

async function fetchCase(l: DnsLab, s: PolicyServer, c: Case | 'noaddr' | 'refused' | 'mute', more: PolicyFetchOptions = {}): Promise<PolicyFetchResult> {
  return fetchMtaStsPolicy(`${c}.good.test`, options(l, s, more));
}

/** curl GETs the case's URL: the name pinned to the server's address, this run's CA trusted; undefined after a loud skip. */
async function curl(t: TestContext, s: PolicyServer, c: Case, more: string[] = []): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
  const bin = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => fs.existsSync(p));
  if (!bin) {
    const why = 'curl is not installed (apt-get install curl): the cross-check DID NOT RUN';
    if (process.env.CI) throw new Error(`${why}, and CI must run it`);
    console.warn(`\n*** SKIPPED: ${why} ***\n`);
    t.skip(why);
    return undefined;
  }
  const args = ['--silent', '--show-error', '--max-time', '10', '--noproxy', '*', '--resolve', `${host(c)}:${s.port}:${s.address}`, '--cacert', s.caFile, ...more, url(s, c)];
  try {
    const { stdout, stderr } = await execFileAsync(bin, args, { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

function failed(r: PolicyFetchResult): PolicyFetchFailure {
  assert.equal(r.ok, false, JSON.stringify(r));
  return r as PolicyFetchFailure;
}

test('a 200 text/plain policy: the body, the address, the certificate; a GET with no cookie or credentials; the same body curl fetches', async (t) => {
  const n = need(t);
  if (!n) return;
  t.diagnostic(n.server.onPort443 ? `policy server on ${n.server.address}:443` : `port 443 refused: policy server on ${n.server.address}:${n.server.port} (test-only port option)`);
  const before = n.server.requests.length;
  const r = await fetchCase(n.lab, n.server, 'ok');
  assert.ok(r.ok, JSON.stringify(r));
  const ok = r as PolicyFetched;
  assert.equal(ok.body, POLICY);
  assert.equal(ok.url, url(n.server, 'ok'));
  assert.equal(ok.contentType, 'text/plain; charset=utf-8');
  assert.equal(ok.address, n.server.address);
  assert.deepEqual(ok.certificate.dnsNames, [host('ok')]);
  assert.match(ok.certificate.subject, /^CN=mta-sts\.ok\.good\.test, O=postfix-lens tests$/);
  assert.match(ok.certificate.issuer, /^CN=postfix-lens MTA-STS Test CA,/);
  assert.match(ok.certificate.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

  const seen = n.server.requests.slice(before);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.method, 'GET');
  assert.equal(seen[0]!.url, '/.well-known/mta-sts.txt');
  assert.equal(seen[0]!.httpVersion, '1.1');
  assert.equal(seen[0]!.headers.host, n.server.onPort443 ? host('ok') : `${host('ok')}:${n.server.port}`);
  for (const h of ['cookie', 'authorization', 'proxy-authorization']) assert.equal(seen[0]!.headers[h], undefined, h);

  const c = await curl(t, n.server, 'ok');
  if (!c) return;
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout, ok.body);
});

test('curl refuses the misnamed and the untrusted certificate too (exit 60), and does not follow the 301 either', async (t) => {
  const n = need(t);
  if (!n) return;
  const name = await curl(t, n.server, 'wrongname');
  if (!name) return;
  assert.equal(name.code, 60, name.stderr);
  assert.match(name.stderr, /subject name|does not match/i);
  const untrusted = await curl(t, n.server, 'untrusted');
  assert.equal(untrusted?.code, 60, untrusted?.stderr);
  assert.match(untrusted!.stderr, /local issuer certificate/);
  const moved = await curl(t, n.server, 'moved', ['--write-out', '%{http_code} %{redirect_url}']);
  assert.equal(moved?.stdout, 'moved301 https://www.moved.good.test/mta-sts.txt');
});

test('404: reason status, with the status in words', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'notfound'));
  assert.equal(f.reason, 'status');
  assert.equal(f.status, 404);
  assert.equal(f.detail, `${url(n.server, 'notfound')} answered 404 Not Found: senders take a policy only from a 200 answer`);
});

test('301: not followed; the detail names the Location', async (t) => {
  const n = need(t);
  if (!n) return;
  const before = n.server.requests.length;
  const f = failed(await fetchCase(n.lab, n.server, 'moved'));
  assert.equal(f.reason, 'redirect');
  assert.equal(f.location, 'https://www.moved.good.test/mta-sts.txt');
  assert.equal(f.detail, `${url(n.server, 'moved')} answered 301 Moved Permanently to https://www.moved.good.test/mta-sts.txt: senders do not follow redirects`);
  assert.equal(n.server.requests.length - before, 1, 'one request: the redirect was not followed');
});

test('a body cut off before its Content-Length: reason http, saying how much came', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'cut'));
  assert.equal(f.reason, 'http');
  assert.equal(f.status, 200);
  assert.equal(f.detail, `${url(n.server, 'cut')}: the body was cut off after 9 bytes: aborted`);
});

test('a Location with a hidden character: read as UTF-8, escaped in the detail, as it is in the data', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'hostile'));
  assert.equal(f.reason, 'redirect');
  assert.equal(f.location, 'https://x.good.test/\u202etxt.exe');
  assert.equal(f.detail, `${url(n.server, 'hostile')} answered 302 Found to https://x.good.test/\\u202etxt.exe: senders do not follow redirects`);
});

test('text/html: reason content-type, naming what was served', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'html'));
  assert.equal(f.reason, 'content-type');
  assert.equal(f.detail, `${url(n.server, 'html')} is served as text/html; charset=utf-8: senders expect text/plain`);
});

test("a garbage body is fetched as it is (reading it is the parser's job); bytes that are not UTF-8 become U+FFFD", async (t) => {
  const n = need(t);
  if (!n) return;
  const r = await fetchCase(n.lab, n.server, 'garbage');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal((r as PolicyFetched).body, 'v=\ufffd\ufffd\u0000\u001b[2J\n');
});

test('a certificate for another name: reason tls-name, naming the names it has; no request sent', async (t) => {
  const n = need(t);
  if (!n) return;
  const before = n.server.requests.length;
  const f = failed(await fetchCase(n.lab, n.server, 'wrongname'));
  assert.equal(f.reason, 'tls-name');
  assert.equal(f.detail, `the certificate of ${host('wrongname')} (${n.server.address}) is not valid for ${host('wrongname')}: it names other.${host('wrongname')}`);
  assert.deepEqual(f.certificate?.dnsNames, [`other.${host('wrongname')}`]);
  assert.equal(n.server.requests.length, before, 'nothing was asked of a server that is not the policy host');
});

test('a certificate from an unknown CA: reason tls-untrusted; the run CA too is trusted only when given', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'untrusted'));
  assert.equal(f.reason, 'tls-untrusted');
  assert.equal(f.detail, `the certificate of ${host('untrusted')} (${n.server.address}) is not trusted: its issuer is not a trusted CA, and the server sent no chain to one (UNABLE_TO_VERIFY_LEAF_SIGNATURE), issued by CN=postfix-lens Untrusted CA, O=postfix-lens tests`);

  const withoutCa = failed(await fetchCase(n.lab, n.server, 'ok', { extraCaPem: undefined }));
  assert.equal(withoutCa.reason, 'tls-untrusted');
  assert.match(withoutCa.detail, /issued by CN=postfix-lens MTA-STS Test CA/);
});

test('a body dripped a byte a second ends at the deadline with timeout, saying how far it came', async (t) => {
  const n = need(t);
  if (!n) return;
  const start = performance.now();
  const f = failed(await fetchCase(n.lab, n.server, 'drip', { deadlineMs: 1500 }));
  const ms = performance.now() - start;
  assert.equal(f.reason, 'timeout');
  assert.match(f.detail, new RegExp(`^${url(n.server, 'drip').replace(/\./g, '\\.')} was not fetched within 1\\.5 s: the body had not come to its end \\([12] bytes had\\)$`));
  assert.ok(ms >= 1450 && ms < 4000, `ended after ${ms} ms (the drip alone would take minutes)`);
});

test('a server that never answers the request ends at the deadline: the headers had not come', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'silent', { deadlineMs: 800 }));
  assert.equal(f.reason, 'timeout');
  assert.equal(f.detail, `${url(n.server, 'silent')} was not fetched within 0.8 s: the response headers had not come`);
});

test('a 10 MB body: too-large after 64 KiB, the server cut off, memory bounded; an announced 10 MB refused unread', async (t) => {
  const n = need(t);
  if (!n) return;
  await fetchCase(n.lab, n.server, 'ok'); // one-time costs (TLS contexts, code) out of the measure
  const rss = process.memoryUsage().rss;
  const f = failed(await fetchCase(n.lab, n.server, 'big'));
  const grown = process.memoryUsage().rss - rss;
  assert.equal(f.reason, 'too-large');
  assert.equal(f.detail, `${url(n.server, 'big')} is larger than the 65536 bytes read at most`);
  assert.ok(grown < 8 * 1024 * 1024, `RSS grew ${grown} bytes`);
  // Counted when the fetch has ended: the server had not got to the end of its 10 MB.
  assert.ok(bigSent < BIG, `the server had written ${bigSent} of ${BIG} bytes when the client hung up`);

  const g = failed(await fetchCase(n.lab, n.server, 'announced'));
  assert.equal(g.reason, 'too-large');
  assert.equal(g.detail, `${url(n.server, 'announced')} is ${BIG} bytes (its Content-Length): more than the 65536 read at most`);
});

test('an address that refuses: connect, naming it; with a second address that answers, the policy from that one', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'refused'));
  assert.equal(f.reason, 'connect');
  assert.equal(f.address, REFUSED);
  assert.equal(f.detail, `could not connect to ${host('refused')} (${REFUSED}) on port ${n.server.port}: connect ECONNREFUSED ${REFUSED}:${n.server.port}`);
  const order = await lookup(host('twoaddr'), 'A', { resolver: n.lab.validating });
  assert.deepEqual(order.ok && order.answers.map((a) => a.type === 'A' && a.address), [REFUSED, n.server.address], 'the refusing address comes first');
  const r = await fetchCase(n.lab, n.server, 'twoaddr');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal((r as PolicyFetched).address, n.server.address);
  assert.equal((r as PolicyFetched).body, POLICY);
});

test('a server that takes the connection and never starts TLS ends at the deadline: the handshake had not finished', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'mute', { deadlineMs: 600 }));
  assert.equal(f.reason, 'timeout');
  assert.equal(f.address, MUTE);
  assert.equal(f.detail, `${url(n.server, 'mute')} was not fetched within 0.6 s: the TLS handshake had not finished`);
});

test('no A record for mta-sts.<domain>: reason dns, saying the name does not exist', async (t) => {
  const n = need(t);
  if (!n) return;
  const f = failed(await fetchCase(n.lab, n.server, 'noaddr'));
  assert.equal(f.reason, 'dns');
  assert.equal(f.detail, `${host('noaddr')} does not exist (NXDOMAIN from ${n.lab.validating.address}:${n.lab.validating.port}): senders cannot fetch the policy`);
});

test('the resolver given is the only one asked: the system cannot resolve the name, and a dead resolver is a dns failure', async (t) => {
  const n = need(t);
  if (!n) return;
  await assert.rejects(dns.lookup(host('ok')), /ENOTFOUND|EAI_AGAIN/, 'the system resolver does not know the lab names');
  const dead = { address: '127.0.0.1', port: 9 };
  const f = failed(await fetchCase(n.lab, n.server, 'ok', { resolver: dead, deadlineMs: 3000 }));
  assert.equal(f.reason, 'dns');
  assert.match(f.detail, new RegExp(`^the address of ${host('ok').replace(/\./g, '\\.')} could not be looked up: .*\\(resolver 127\\.0\\.0\\.1:9\\)$`));
});

test('a domain that is not a DNS name, and a caller that cancels', async (t) => {
  const n = need(t);
  if (!n) return;
  const bad = failed(await fetchMtaStsPolicy('exa mple.org\u202e', options(n.lab, n.server)));
  assert.equal(bad.reason, 'bad-name');
  assert.equal(bad.detail, '"exa mple.org\\u202e" is not a domain name whose MTA-STS policy can be fetched');
  const c = new AbortController();
  const reached = once(silentReached, 'request');
  const pending = fetchCase(n.lab, n.server, 'silent', { signal: c.signal });
  // Cancelled once the request has reached the server: the fetch is then waiting for headers.
  await reached;
  c.abort();
  const f = failed(await pending);
  assert.equal(f.reason, 'aborted');
  assert.equal(f.detail, `fetching ${url(n.server, 'silent')} was cancelled: the response headers had not come`);
});
