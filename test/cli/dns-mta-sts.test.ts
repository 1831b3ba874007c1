// postfix-lens dns and check --dns with MTA-STS policies served over real HTTPS: the policy server
// (test/helpers/policy-server.ts: port 443 of a loopback address, a CA made for this run, a
// certificate per name) and the DNSSEC lab (test/helpers/dns-lab.ts), whose zones are the only
// place the policy hosts' names resolve. What a user sees: the codes, their severities and words,
// the report's policy lines and the exit status.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runCliInProcess } from '../helpers/cli';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';
import { startPolicyServer, type PolicyHost, type PolicyServer } from '../helpers/policy-server';

const policy = (lines: string[]) => (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${lines.join('\r\n')}\r\n`);
const dripping = new Set<NodeJS.Timeout>();
let bigSent = 0;

/** One domain per behaviour, <case>.good.test: its MX mx.<case>.good.test, its policy at mta-sts.<case>.good.test. */
const CASES: Record<string, PolicyHost> = {
  ok: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: mx.ok.good.test', 'max_age: 604800']) },
  wild: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: *.wild.good.test', 'max_age: 86400']) },
  mismatch: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: mail.elsewhere.test', 'max_age: 86400']) },
  testing: { handler: policy(['version: STSv1', 'mode: testing', 'mx: mx.testing.good.test', 'max_age: 86400']) },
  notfound: { handler: (_req, res) => void res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>') },
  moved: { handler: (_req, res) => void res.writeHead(301, { Location: 'https://www.moved.good.test/mta-sts.txt' }).end() },
  html: { handler: (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<pre>version: STSv1</pre>') },
  garbage: { handler: (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(Buffer.from([0x76, 0x3d, 0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a])) },
  nomx: { handler: policy(['version: STSv1', 'mode: enforce', 'max_age: 86400']) },
  bigage: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: mx.bigage.good.test', 'max_age: 99999999']) },
  nomode: { handler: policy(['version: STSv1', 'mx: mx.nomode.good.test', 'max_age: 86400']) },
  wrongname: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: mx.wrongname.good.test', 'max_age: 86400']), certificate: 'wrong-name' },
  twotxt: { handler: policy(['version: STSv1', 'mode: enforce', 'mx: mx.twotxt.good.test', 'max_age: 86400']) },
  drip: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('v');
      const t = setInterval(() => res.write('e'), 500);
      dripping.add(t);
      res.on('close', () => (clearInterval(t), dripping.delete(t)));
    },
  },
  big: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (bigSent < 10 * 1024 * 1024 && !res.destroyed) {
          bigSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  },
};

let server: PolicyServer | undefined;
let lab: DnsLab | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-sts-'));

before(async () => {
  server = await startPolicyServer(Object.fromEntries(Object.keys(CASES).map((c) => [`mta-sts.${c}.good.test`, CASES[c]!])));
  const records = Object.keys(CASES).flatMap((c) => [
    `${c} 3600 IN MX 10 mx.${c}.good.test.`,
    `mx.${c} 3600 IN A 192.0.2.25`,
    `_mta-sts.${c} 3600 IN TXT "v=STSv1; id=20261205"`,
    `mta-sts.${c} 3600 IN A ${server!.address}`,
  ]);
  records.push('wild 3600 IN MX 20 a.b.wild.good.test.', 'a.b.wild 3600 IN A 192.0.2.26', '_mta-sts.twotxt 3600 IN TXT "v=STSv1; id=2"');
  if (labAvailable()) lab = await startDnsLab({ 'good.test': records });
  fs.writeFileSync(path.join(dir, 'main.cf'), 'myhostname = host.example.invalid\nmydomain = ok.good.test\n');
  fs.writeFileSync(path.join(dir, 'not-a-ca.pem'), 'just text\n');
});

after(async () => {
  dripping.forEach(clearInterval);
  await Promise.all([server?.close(), lab?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function need(t: TestContext): { lab: DnsLab; server: PolicyServer } | undefined {
  if (!needDnsLab(t) || !lab || !server) return undefined;
  if (!server.onPort443) {
    // Senders use port 443 and so does the command: nothing else can be fetched.
    const why = 'cannot listen on port 443 of a loopback address: the command-level MTA-STS tests DID NOT RUN';
    if (process.env.CI) throw new Error(why);
    console.warn(`\n*** SKIPPED: ${why} ***\n`);
    t.skip(why);
    return undefined;
  }
  return { lab, server };
}

interface Json {
  domains: { domain: string; mtaStsPolicy?: { url: string; fetched: boolean; error?: string; mode?: string; maxAge?: number; mx: string[]; valid: boolean; mxMatches: { host: string; pattern: string | null }[] } }[];
  diagnostics: { code: string; severity: string; message: string; domain: string; host: string | null }[];
}

async function dns(l: DnsLab, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await runCliInProcess(['dns', '--resolver', `${l.validating.address}:${l.validating.port}`, ...args]);
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr };
}

const domainsOf = (cases: string[]) => cases.flatMap((c) => ['--domain', `${c}.good.test`]);
const stsFindings = (j: Json, domain: string) => j.diagnostics.filter((d) => d.domain === domain && d.code.startsWith('mta-sts')).map((d) => `${d.code} ${d.severity}`);

test('every case at once, under one deadline: each domain gets the finding a sender would explain, in words', async (t) => {
  const n = need(t);
  if (!n) return;
  const started = Date.now();
  const r = await dns(n.lab, ['--json', '--ca-file', n.server.caFile, '--timeout', '4000', ...domainsOf(Object.keys(CASES)), dir]);
  const took = Date.now() - started;
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout) as Json;
  const by = (c: string) => stsFindings(j, `${c}.good.test`);
  const message = (c: string, code: string) => j.diagnostics.find((d) => d.domain === `${c}.good.test` && d.code === code)?.message ?? '';

  assert.deepEqual(by('ok'), []);
  assert.deepEqual(by('wild'), ['mta-sts-mx-mismatch error'], '*.wild.good.test covers one label: mx.wild yes, a.b.wild no');
  assert.match(message('wild', 'mta-sts-mx-mismatch'), /^MX host a\.b\.wild\.good\.test of wild\.good\.test matches no "mx" pattern of its MTA-STS policy \(\*\.wild\.good\.test\): senders applying the policy \(mode enforce\) refuse to deliver to it\./);
  assert.deepEqual(by('mismatch'), ['mta-sts-mx-mismatch error']);
  assert.deepEqual(by('testing'), ['mta-sts-testing information']);
  assert.deepEqual(by('notfound'), ['mta-sts-policy-unavailable warning']);
  assert.match(message('notfound', 'mta-sts-policy-unavailable'), /^notfound\.good\.test publishes an MTA-STS record, but senders cannot fetch its policy: https:\/\/mta-sts\.notfound\.good\.test\/\.well-known\/mta-sts\.txt answered 404/);
  assert.deepEqual(by('moved'), ['mta-sts-policy-unavailable warning']);
  assert.match(message('moved', 'mta-sts-policy-unavailable'), /answered 301 .*https:\/\/www\.moved\.good\.test\/mta-sts\.txt.*senders do not follow redirects/);
  assert.match(message('html', 'mta-sts-policy-unavailable'), /is served as "?text\/html"?: senders expect text\/plain/);
  assert.deepEqual(by('garbage'), ['mta-sts-policy-invalid warning', 'mta-sts-policy-invalid warning', 'mta-sts-policy-invalid warning', 'mta-sts-policy-invalid warning']);
  assert.match(message('garbage', 'mta-sts-policy-invalid'), /line 1\) has a line .* that is not "key: value"/);
  assert.doesNotMatch(r.stdout, /\u001b/, 'the garbage body\'s escape byte is not written out');
  assert.deepEqual(by('nomx'), ['mta-sts-policy-invalid error']);
  assert.match(message('nomx', 'mta-sts-policy-invalid'), /is in mode enforce but names no MX host .* It says enforce, but senders that discard it enforce nothing\./);
  assert.deepEqual(by('bigage'), ['mta-sts-policy-invalid error']);
  assert.match(message('bigage', 'mta-sts-policy-invalid'), /max_age 99999999, above the 31557600 seconds/);
  assert.deepEqual(by('nomode'), ['mta-sts-policy-invalid warning']);
  assert.match(message('nomode', 'mta-sts-policy-invalid'), /has no "mode:" line/);
  assert.match(message('wrongname', 'mta-sts-policy-unavailable'), /the certificate of mta-sts\.wrongname\.good\.test .* is not valid for mta-sts\.wrongname\.good\.test/);
  assert.deepEqual(by('twotxt'), ['mta-sts-record-invalid warning'], 'two v=STSv1 records: senders see no policy and fetch none');
  assert.ok(!n.server.requests.some((q) => q.host === 'mta-sts.twotxt.good.test'), 'no request for a domain whose record senders ignore');
  assert.match(message('drip', 'mta-sts-policy-unavailable'), /was not fetched within [1-4](\.[0-9])? s: the body had not come to its end/);
  assert.match(message('big', 'mta-sts-policy-unavailable'), /larger than the 65536 bytes read at most/);
  assert.ok(bigSent < 4 * 1024 * 1024, `the 10 MB body was not read (the server got ${bigSent} bytes out)`);
  assert.ok(took < 9000, `the run ended near its 4 s deadline (took ${took} ms)`);

  const ok = j.domains.find((d) => d.domain === 'ok.good.test')!.mtaStsPolicy!;
  assert.deepEqual(ok, { url: 'https://mta-sts.ok.good.test/.well-known/mta-sts.txt', fetched: true, mx: ['mx.ok.good.test'], valid: true, mxMatches: [{ host: 'mx.ok.good.test', pattern: 'mx.ok.good.test' }], version: 'STSv1', mode: 'enforce', maxAge: 604800 });
  assert.equal(j.domains.find((d) => d.domain === 'twotxt.good.test')!.mtaStsPolicy, undefined);
});

test('the text report shows the policy and which pattern each MX matches; exit status by the worst finding', async (t) => {
  const n = need(t);
  if (!n) return;
  const ca = ['--ca-file', n.server.caFile];
  const good = await dns(n.lab, [...ca, '--domain', 'wild.good.test', dir]);
  assert.equal(good.status, 1, 'wild.good.test has an MX no pattern matches (enforce): an error');
  assert.match(good.stdout, /^ {4}policy https:\/\/mta-sts\.ok\.good\.test\/\.well-known\/mta-sts\.txt: mode enforce, max_age 604800, mx mx\.ok\.good\.test\n {6}MX mx\.ok\.good\.test: matches mx\.ok\.good\.test$/m);
  assert.match(good.stdout, /^ {6}MX mx\.wild\.good\.test: matches \*\.wild\.good\.test\n {6}MX a\.b\.wild\.good\.test: matched by no mx pattern$/m);
  assert.match(good.stdout, /wild\.good\.test a\.b\.wild\.good\.test: error mta-sts-mx-mismatch: /);

  assert.equal((await dns(n.lab, [...ca, dir])).status, 0, 'ok.good.test alone: nothing wrong');
  assert.equal((await dns(n.lab, [...ca, '--domain', 'testing.good.test', dir])).status, 0, 'testing mode is a note');
  assert.equal((await dns(n.lab, [...ca, '--domain', 'notfound.good.test', dir])).status, 0, 'a policy that cannot be fetched is a warning');
  const nf = await dns(n.lab, [...ca, '--domain', 'notfound.good.test', dir]);
  assert.match(nf.stdout, /^ {4}policy https:\/\/mta-sts\.notfound\.good\.test\/\.well-known\/mta-sts\.txt: not fetched: .*answered 404/m);
  assert.equal((await dns(n.lab, [...ca, '--domain', 'bigage.good.test', dir])).status, 1, 'an enforce policy senders discard is an error');
});

test('--ca-file: without it this run\'s CA is not trusted, as a sender would not; a file that is no CA is refused in words, exit 2', async (t) => {
  const n = need(t);
  if (!n) return;
  const r = await dns(n.lab, ['--json', dir]);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(stsFindings(j, 'ok.good.test'), ['mta-sts-policy-unavailable warning']);
  assert.match(j.diagnostics.find((d) => d.code === 'mta-sts-policy-unavailable')!.message, /the certificate of mta-sts\.ok\.good\.test .* is not trusted/);

  const bad = await dns(n.lab, ['--ca-file', path.join(dir, 'not-a-ca.pem'), dir]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, `postfix-lens dns: the CA file ${path.join(dir, 'not-a-ca.pem')} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)\n`);
  const missing = await dns(n.lab, ['--ca-file', path.join(dir, 'none.pem'), dir]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^postfix-lens dns: cannot read the CA file: .*none\.pem/);
});

test('check --dns --ca-file: the policy findings on the domain\'s parameter, the same CA trusted', async (t) => {
  const n = need(t);
  if (!n) return;
  const resolver = `${n.lab.validating.address}:${n.lab.validating.port}`;
  const r = await runCliInProcess(['check', '--dns', '--resolver', resolver, '--ca-file', n.server.caFile, '--domain', 'mismatch.good.test', '--json', dir]);
  const out = JSON.parse(r.stdout.toString()) as { diagnostics: { code: string; severity: string; line: number; name: string | null }[] };
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(out.diagnostics.filter((d) => d.code.startsWith('mta-sts')).map((d) => `${d.line} ${d.name} ${d.code} ${d.severity}`), ['1 null mta-sts-mx-mismatch error']);
  const trusted = await runCliInProcess(['check', '--dns', '--resolver', resolver, '--json', dir]);
  assert.deepEqual((JSON.parse(trusted.stdout.toString()) as typeof out).diagnostics.filter((d) => d.code.startsWith('mta-sts')).map((d) => `${d.line} ${d.name} ${d.code}`), ['2 mydomain mta-sts-policy-unavailable']);
});
