// The judgement of `probe --mx` on facts no lab serves easily: a TLSA lookup that fails for a signed
// host, a host without STARTTLS that publishes TLSA, a probe that did not finish, an MTA-STS policy in
// mode testing, and names from DNS that carry terminal escapes. The text as a user reads it, and the
// exit status.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mxProbeExitStatus, mxProbeReport, type MxProbeFacts, type MxProbeHostFacts } from '../../server/src/core/dns/mx-probe';
import { formatMxProbeReport } from '../../server/src/core/dns/mx-probe-text';
import type { DnsRecord, DnsResult } from '../../server/src/core/dns/types';
import type { ProbeError, ProbeReport } from '../../server/src/core/probe/types';
import { testCa } from '../helpers/certificates';

const ca = testCa('mx-probe-report CA');
const leaf = ca.issue(['mx.example.test']);
const chainDer = [leaf.cert, ca.cert].map((pem) => new Uint8Array(new X509Certificate(pem).raw));
const leafSpki = createHash('sha256').update(new X509Certificate(leaf.cert).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

const answer = (answers: DnsRecord[], ad = true): DnsResult => ({ ok: true, rcode: 'NOERROR', ad, answers, cnameChain: [], ttl: 60, server: '127.0.0.1:53' });
const none = answer([]);
const servfail: DnsResult = { ok: false, reason: 'servfail', rcode: 'SERVFAIL', detail: '_25._tcp.mx.example.test TLSA: SERVFAIL', server: '127.0.0.1:53' };
const tlsa311 = answer([{ type: 'TLSA', name: '_25._tcp.mx.example.test', ttl: 60, usage: 3, selector: 1, matchingType: 1, data: leafSpki }]);

function report(error: ProbeError | null, outcome: ProbeReport['outcome']): ProbeReport {
  return {
    host: '192.0.2.1', port: 25, mode: 'starttls', address: '192.0.2.1', servername: 'mx.example.test', hostnames: ['mx.example.test'],
    tlsVersion: error ? null : 'TLSv1.3', cipher: null, keyExchange: null, chain: [], chainSource: null, ehloKeywords: [], auth: { beforeTls: [], afterTls: error ? null : [], ignored: 0 }, submission: false, injection: null,
    verdict: { trusted: null, nameMatches: null, acceptable: outcome === 'accept', problems: error ? [{ code: error.code, severity: 'error', message: error.message }] : [] },
    outcome, sentence: '', transcript: [], timings: { connectMs: null, greetingMs: null, handshakeMs: null, totalMs: 0 }, error,
  };
}

function host(o: Partial<MxProbeHostFacts> & { host?: string }): MxProbeHostFacts {
  const name = o.host ?? 'mx.example.test';
  return {
    host: name,
    preference: 10,
    a: answer([{ type: 'A', name, ttl: 60, address: '192.0.2.1' }]),
    aaaa: none,
    tlsa: tlsa311,
    probe: { report: report(null, 'accept'), chainDer },
    ...o,
  };
}

function facts(hosts: MxProbeHostFacts[], more: Partial<MxProbeFacts> = {}): MxProbeFacts {
  const mx = answer(hosts.map((h) => ({ type: 'MX', name: 'example.test', ttl: 60, preference: h.preference, exchange: h.host })));
  return { domain: 'example.test', mx, implicitMx: false, hosts, mtaSts: none, ...more };
}

const judge = (f: MxProbeFacts) => {
  const r = mxProbeReport(f, new Date());
  return { status: mxProbeExitStatus(r), text: formatMxProbeReport(r), report: r };
};

test('a signed host whose TLSA lookup fails: a DANE sender defers', () => {
  const r = judge(facts([host({ tlsa: servfail })]));
  assert.equal(r.status, 1);
  assert.match(r.text, /A DANE sender would defer mail to mx\.example\.test: the TLSA lookup at _25\._tcp\.mx\.example\.test failed \(_25\._tcp\.mx\.example\.test TLSA: SERVFAIL\)/);
});

test('TLSA published but no STARTTLS: a DANE sender defers, since TLS is mandatory', () => {
  const error: ProbeError = { phase: 'ehlo', code: 'starttls-not-offered', message: 'The server did not offer STARTTLS.' };
  const r = judge(facts([host({ probe: { report: report(error, 'refuse'), chainDer: [] } })]));
  assert.equal(r.status, 1);
  assert.match(r.text, /A DANE sender would defer mail to mx\.example\.test: it publishes TLSA records, so TLS is mandatory, but the server did not offer STARTTLS\./);
});

test('a probe that did not finish: not found out, exit 2', () => {
  const error: ProbeError = { phase: 'greeting', code: 'timeout', message: 'No greeting within 30 s.' };
  const r = judge(facts([host({ probe: { report: report(error, 'unfinished'), chainDer: [] } })]));
  assert.equal(r.status, 2);
  assert.match(r.text, /Whether a DANE sender would deliver to mx\.example\.test is not known: the probe did not finish/);
  assert.match(r.text, /verdict: +not found out/);
});

test('an unsigned TLSA answer, or none at all: DANE does not apply', () => {
  assert.match(judge(facts([host({ tlsa: answer((tlsa311 as { answers: DnsRecord[] }).answers, false) })])).text, /DANE does not apply to mx\.example\.test: its TLSA records at _25\._tcp\.mx\.example\.test are not validated/);
  const r = judge(facts([host({ tlsa: none })]));
  assert.equal(r.status, 0);
  assert.match(r.text, /DANE does not apply to mx\.example\.test: there is no TLSA record at _25\._tcp\.mx\.example\.test, so senders use opportunistic TLS\./);
});

test('MTA-STS in mode testing: the failure is told, but senders deliver (exit 0)', () => {
  const policy = { ok: true as const, url: 'https://mta-sts.example.test/.well-known/mta-sts.txt', body: 'version: STSv1\nmode: testing\nmx: other.example.test\nmax_age: 86400\n', contentType: 'text/plain', address: '192.0.2.9', certificate: { subject: '', issuer: '', dnsNames: [], notAfter: '', fingerprintSha256: '' } };
  const txt = answer([{ type: 'TXT', name: '_mta-sts.example.test', ttl: 60, strings: ['v=STSv1; id=1'] }]);
  const r = judge(facts([host({})], { mtaSts: txt, policy }));
  assert.equal(r.status, 0, r.text);
  assert.match(r.text, /An MTA-STS sender in enforce mode would not deliver to mx\.example\.test \(the policy is in mode testing: senders deliver anyway and report the failure\): no mx pattern of the policy \(other\.example\.test\) matches it\./);
});

test('names from DNS with terminal escapes are shown escaped', () => {
  const evil = 'mx\x1b]0;owned\x07.example.test';
  const r = judge(facts([host({ host: evil, tlsa: none })]));
  assert.doesNotMatch(r.text, /\x1b|\x07/);
  assert.match(r.text, /mx\\u001b\]0;owned\\u0007\.example\.test \(preference 10/);
  // The JSON keeps the name as it came (JSON.stringify escapes it).
  assert.equal(r.report.hosts[0]!.host, evil);
});

test('no MX records: the domain itself is the MX host (RFC 5321 section 5.1)', () => {
  const f = facts([host({ host: 'example.test', preference: 0, tlsa: none })], { mx: none, implicitMx: true });
  const r = judge(f);
  assert.match(r.text, /^MX hosts of example\.test: no MX records, so the domain itself \(RFC 5321 section 5\.1\); MX records validated \(AD\)$/m);
  assert.equal(r.status, 0);
});

test('DANE-TA checks the dates of the certificates below the anchor; DANE-EE does not', () => {
  const expired = ca.issue(['mx.example.test'], { from: -60, to: -2 });
  const der = [expired.cert, ca.cert].map((pem) => new Uint8Array(new X509Certificate(pem).raw));
  const spki = (pem: string) => createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  const tlsa = (usage: number, data: string) => answer([{ type: 'TLSA', name: '_25._tcp.mx.example.test', ttl: 60, usage, selector: 1, matchingType: 1, data }]);
  const ta = judge(facts([host({ tlsa: tlsa(2, spki(ca.cert)), probe: { report: report(null, 'refuse'), chainDer: der } })]));
  assert.equal(ta.status, 1);
  assert.match(ta.text, /A DANE sender would defer mail to mx\.example\.test: TLSA record 2 1 1 \S+ \(DANE-TA\) matches a CA certificate it serves, but the certificate CN=mx\.example\.test.* is outside its dates/);
  const ee = judge(facts([host({ tlsa: tlsa(3, spki(expired.cert)), probe: { report: report(null, 'refuse'), chainDer: der } })]));
  assert.match(ee.text, /A DANE sender would deliver to mx\.example\.test: TLSA record 3 1 1 \S+ matches the certificate it serves \(DANE-EE: names and dates are not checked\)/);
});
