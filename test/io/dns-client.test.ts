// The DNS client against a real DNSSEC set-up (test/helpers/dns-lab.ts: zones signed in this run,
// nsd, a validating and a non-validating unbound): records, the AD bit, SERVFAIL for bogus data,
// NXDOMAIN, CNAMEs, TCP; one TLSA answer held to dig's reading of the same resolver.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';
import { lookup, type LookupOptions } from '../../server/src/io/dns/lookup';
import type { DnsAnswer, DnsRecord, DnsRecordType, DnsResult } from '../../server/src/core/dns/types';

let lab: DnsLab | undefined;

before(async () => {
  if (labAvailable()) lab = await startDnsLab();
});

after(async () => {
  await lab?.stop();
  if (lab) assert.equal(fs.existsSync(lab.dir), false, 'the lab removes its directory');
});

/** The lab, or undefined after a loud skip (a failure under CI). */
function need(t: TestContext): DnsLab | undefined {
  return needDnsLab(t) ? lab : undefined;
}

async function ask(name: string, type: DnsRecordType, o: LookupOptions): Promise<DnsAnswer> {
  const r: DnsResult = await lookup(name, type, o);
  assert.ok(r.ok, `${name} ${type}: ${JSON.stringify(r)}`);
  return r;
}

/** The records without their TTLs, in a stable order (a resolver may rotate them). */
function data(records: DnsRecord[]): string[] {
  return records.map(({ ttl: _ttl, ...rest }) => JSON.stringify(rest, Object.keys(rest).sort())).sort();
}

test('MX, A, AAAA, SRV and TXT from a signed zone, with AD from the validating resolver', async (t) => {
  const l = need(t);
  if (!l) return;
  const o = { resolver: l.validating };
  const mx = await ask('good.test', 'MX', o);
  assert.equal(mx.ad, true);
  assert.deepEqual(data(mx.answers), data([
    { type: 'MX', name: 'good.test', ttl: 0, preference: 10, exchange: 'mx.good.test' },
    { type: 'MX', name: 'good.test', ttl: 0, preference: 20, exchange: 'mx2.good.test' },
  ]));
  assert.equal(mx.ttl, 3600);
  assert.deepEqual((await ask('mx.good.test', 'A', o)).answers.map((r) => r.type === 'A' && r.address), ['127.0.0.2']);
  assert.deepEqual((await ask('MX.Good.Test.', 'AAAA', o)).answers.map((r) => r.type === 'AAAA' && r.address), ['::2']);
  const srv = await ask('_submission._tcp.good.test', 'SRV', o);
  assert.deepEqual(data(srv.answers), data([{ type: 'SRV', name: '_submission._tcp.good.test', ttl: 0, priority: 0, weight: 1, port: 587, target: 'mx.good.test' }]));
  assert.equal(srv.ad, true);
  const sts = await ask('_mta-sts.good.test', 'TXT', o);
  assert.deepEqual(sts.answers.map((r) => r.type === 'TXT' && r.strings), [['v=STSv1; id=20240101T000000']]);
  const rpt = await ask('_smtp._tls.good.test', 'TXT', o);
  assert.deepEqual(rpt.answers.map((r) => r.type === 'TXT' && r.strings), [['v=TLSRPTv1; ', 'rua=mailto:tlsrpt@good.test']], 'character-strings kept apart');
});

test('TLSA: the record published, AD set; the same answer dig reads from the same resolver', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await ask('_25._tcp.mx.good.test', 'TLSA', { resolver: l.validating });
  assert.equal(r.ad, true);
  assert.deepEqual(data(r.answers), data([{ type: 'TLSA', name: '_25._tcp.mx.good.test', ttl: 0, usage: 3, selector: 1, matchingType: 1, data: l.tlsaHex }]));

  const dig = ['/usr/bin/dig', '/usr/local/bin/dig'].find((p) => fs.existsSync(p));
  if (!dig) {
    const why = 'dig is not installed (apt-get install bind9-dnsutils): the TLSA cross-check DID NOT RUN';
    if (process.env.CI) throw new Error(`${why}, and CI must run it`);
    console.warn(`\n*** SKIPPED: ${why} ***\n`);
    return t.skip(why);
  }
  const out = execFileSync(dig, ['+dnssec', '+tries=1', '+time=5', `@${l.validating.address}`, '-p', String(l.validating.port), '_25._tcp.mx.good.test', 'TLSA'], { encoding: 'utf8' });
  const flags = /^;; flags: ([a-z ]+);/m.exec(out)?.[1]?.split(' ') ?? [];
  assert.ok(flags.includes('ad'), `dig sees AD too:\n${out}`);
  const tlsa = [...out.matchAll(/^(\S+)\s+\d+\s+IN\s+TLSA\s+(\d+) (\d+) (\d+) ([0-9A-Fa-f ]+)$/gm)].map((m) => ({
    name: m[1]!.replace(/\.$/, ''),
    usage: Number(m[2]),
    selector: Number(m[3]),
    matchingType: Number(m[4]),
    data: m[5]!.replace(/ /g, '').toLowerCase(),
  }));
  assert.deepEqual(tlsa, r.answers.map((x) => x.type === 'TLSA' && { name: x.name, usage: x.usage, selector: x.selector, matchingType: x.matchingType, data: x.data }));
});

test('no AD for a zone delegated without DS, nor from a resolver that does not validate', async (t) => {
  const l = need(t);
  if (!l) return;
  const insecure = await ask('_25._tcp.mx.insecure.test', 'TLSA', { resolver: l.validating });
  assert.equal(insecure.answers.length, 1, 'the record is there');
  assert.equal(insecure.ad, false, 'but not validated: senders ignore it');
  const plain = await ask('_25._tcp.mx.good.test', 'TLSA', { resolver: l.plain });
  assert.equal(plain.answers.length, 1);
  assert.equal(plain.ad, false);
});

test('a record changed after signing: SERVFAIL from the validating resolver, the bad data from the other', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await lookup('_25._tcp.mx.bogus.test', 'TLSA', { resolver: l.validating });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'servfail');
  assert.match(!r.ok ? r.detail : '', /^_25\._tcp\.mx\.bogus\.test TLSA: 127\.0\.0\.1:\d+ answered SERVFAIL$/);
  const plain = await ask('_25._tcp.mx.bogus.test', 'TLSA', { resolver: l.plain });
  assert.deepEqual(plain.answers.map((x) => x.type === 'TLSA' && x.data), ['f'.repeat(64)]);
  assert.equal(plain.ad, false);
  assert.equal((await ask('mx.bogus.test', 'A', { resolver: l.validating })).ad, true, 'the untouched records of the zone still validate');
});

test('NXDOMAIN and no data are answers, validated, with the negative TTL of the SOA', async (t) => {
  const l = need(t);
  if (!l) return;
  const nx = await ask('nothing-here.good.test', 'A', { resolver: l.validating });
  assert.deepEqual([nx.rcode, nx.answers.length, nx.ad, nx.ttl], ['NXDOMAIN', 0, true, 300]);
  const nodata = await ask('_25._tcp.mx2.good.test', 'TLSA', { resolver: l.validating });
  assert.deepEqual([nodata.rcode, nodata.answers.length, nodata.ad], ['NXDOMAIN', 0, true]);
  const empty = await ask('mx2.good.test', 'TLSA', { resolver: l.validating });
  assert.deepEqual([empty.rcode, empty.answers.length, empty.ad, empty.ttl], ['NOERROR', 0, true, 300]);
});

test('CNAMEs are followed and named; a CNAME asked for is the answer itself', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await ask('alias2.good.test', 'A', { resolver: l.validating });
  assert.deepEqual(r.cnameChain, ['alias.good.test', 'mx.good.test']);
  assert.deepEqual(r.answers.map((x) => x.type === 'A' && `${x.name} ${x.address}`), ['mx.good.test 127.0.0.2']);
  assert.equal(r.ad, true);
  const c = await ask('alias.good.test', 'CNAME', { resolver: l.validating });
  assert.deepEqual(c.answers.map((x) => x.type === 'CNAME' && x.target), ['mx.good.test']);
  assert.deepEqual(c.cnameChain, []);
  const limited = await lookup('alias2.good.test', 'A', { resolver: l.validating, maxCnames: 1 });
  assert.equal(!limited.ok && limited.reason, 'cname-chain-too-long');
});

test('over TCP only (resolv.conf use-vc): the same validated answer', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await ask('_25._tcp.mx.good.test', 'TLSA', { resolver: l.validating, tcpOnly: true });
  assert.equal(r.ad, true);
  assert.deepEqual(r.answers.map((x) => x.type === 'TLSA' && x.data), [l.tlsaHex]);
});

test('a resolver where nothing listens, then one that answers: the second answers, at once', async (t) => {
  const l = need(t);
  if (!l) return;
  const start = performance.now();
  const r = await ask('good.test', 'MX', { resolver: [{ address: '127.0.0.1', port: 9 }, l.validating], timeoutMs: 3000 });
  assert.equal(r.server, `127.0.0.1:${l.validating.port}`);
  assert.ok(performance.now() - start < 2500, 'the port unreachable ends the first try, not its 3 s timeout');
});
