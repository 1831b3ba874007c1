// postfix-lens probe --mx against real MX hosts on loopback (test/helpers/mx-lab.ts): a real Postfix
// on port 25 of five addresses, the DNSSEC lab publishing their MX, A and TLSA records, and an HTTPS
// MTA-STS policy server. What a user sees: the sentence per host, the exit status, the JSON shape.
// posttls-finger's verdicts on the same hosts: mx-probe-finger.test.ts.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { hasOpenssl } from '../helpers/certificates';
import { runCliInProcess } from '../helpers/cli';
import { labAvailable, needDnsLab } from '../helpers/dns-lab';
import { MX_DOMAINS, startMxLab, type MxLab } from '../helpers/mx-lab';
import { needPostfix, POSTFIX } from '../helpers/postfix-loopback';
import type { MxProbeReport } from '../../server/src/core/dns/mx-probe';

let mx: MxLab | undefined;
const ready = (t: TestContext): boolean => needDnsLab(t) && needPostfix(t);

before(async () => {
  if (!labAvailable() || !POSTFIX || process.getuid?.() !== 0 || !hasOpenssl()) return;
  mx = await startMxLab({ base: 41, policy: true });
});
after(async () => {
  await mx?.stop();
});

async function probeMx(domain: string, ...more: string[]) {
  const r = await runCliInProcess(['probe', '--mx', domain, '--resolver', `127.0.0.1:${mx!.lab.validating.port}`, ...mx!.caFiles.flatMap((f) => ['--ca-file', f]), ...more]);
  return { status: r.status, out: r.stdout.toString(), err: r.stderr };
}

/** The block of one MX host in the text report. */
function block(out: string, host: string): string {
  const start = out.indexOf(`\n${host} (preference`);
  assert.ok(start !== -1, `no block for ${host} in:\n${out}`);
  const end = out.indexOf('\n\n', start + 1);
  return out.slice(start + 1, end === -1 ? undefined : end);
}

test('each domain gets the exit status DANE and MTA-STS senders imply', async (t) => {
  if (!ready(t)) return;
  for (const [domain, status] of Object.entries(MX_DOMAINS)) {
    const r = await probeMx(domain);
    assert.equal(r.status, status, `${domain}:\n${r.out}${r.err}`);
  }
});

test('DANE-EE: a matching 3 1 1 record delivers, a mismatching one defers, in words', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('dane.good.test');
  assert.match(block(r.out, 'mx1.dane.good.test'), /DANE: +A DANE sender would deliver to mx1\.dane\.good\.test: TLSA record 3 1 1 [0-9a-f]{24}… matches the certificate it serves/);
  assert.match(block(r.out, 'mx1.dane.good.test'), /verdict: +acceptable/);
  assert.match(block(r.out, 'mx2.dane.good.test'), /A DANE sender would defer mail to mx2\.dane\.good\.test: no TLSA record matches the certificate it serves\./);
  assert.match(block(r.out, 'mx2.dane.good.test'), /verdict: +NOT acceptable/);
  assert.match(r.out, /Not acceptable: DANE or MTA-STS senders would not deliver to mx2\.dane\.good\.test\.\n$/);
  // In preference order.
  assert.ok(r.out.indexOf('mx1.dane.good.test (preference 10') < r.out.indexOf('mx2.dane.good.test (preference 20'));
});

test('DANE-TA: the CA served matches, and the leaf must name the host', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('ta.good.test');
  assert.match(block(r.out, 'mx3.ta.good.test'), /would deliver to mx3\.ta\.good\.test: TLSA record 2 1 1 \S+ matches a CA certificate it serves, and its certificate names mx3\.ta\.good\.test/);
  assert.match(block(r.out, 'mx4.ta.good.test'), /would defer mail to mx4\.ta\.good\.test: TLSA record 2 1 1 \S+ \(DANE-TA\) matches a CA certificate it serves, but its certificate does not name mx4\.ta\.good\.test \(DANE-TA checks the MX host's name/);
});

test('DANE-EE ignores an expired certificate; an MTA-STS sender in enforce mode does not', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('sts.good.test');
  assert.match(r.out, /^MTA-STS policy: mode enforce, mx mx1\.dane\.good\.test, \*\.sts\.good\.test$/m);
  const mx5 = block(r.out, 'mx5.sts.good.test');
  assert.match(mx5, /A DANE sender would deliver to mx5\.sts\.good\.test: .*names and dates are not checked/);
  assert.match(mx5, /An MTA-STS sender in enforce mode would not deliver to mx5\.sts\.good\.test: its certificate expired/);
  assert.match(block(r.out, 'mx1.dane.good.test'), /An MTA-STS sender would deliver to mx1\.dane\.good\.test: the policy lists it and its certificate is trusted and names it\./);
});

test('MTA-STS: a host the enforce policy does not list is refused', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('sts2.good.test');
  assert.match(r.out, /An MTA-STS sender in enforce mode would not deliver to mx1\.dane\.good\.test: no mx pattern of the policy \(mail\.elsewhere\.test\) matches it\./);
});

test('without --ca-file the policy cannot be fetched: MTA-STS does not apply, a problem says why, DANE-EE still delivers', async (t) => {
  if (!ready(t)) return;
  // The policy's own certificate comes from the test CA too: without it senders cannot fetch the policy.
  const r = await runCliInProcess(['probe', '--mx', 'sts.good.test', '--resolver', `127.0.0.1:${mx!.lab.validating.port}`]);
  const out = r.stdout.toString();
  assert.equal(r.status, 0, out);
  assert.match(out, /MTA-STS does not apply to mx1\.dane\.good\.test: senders cannot fetch the MTA-STS policy of sts\.good\.test: .*certificate/);
  assert.match(out, /A DANE sender would deliver to mx5\.sts\.good\.test/);
  assert.match(out, /Problems:\n {2}Senders cannot fetch the MTA-STS policy of sts\.good\.test: /);
});

test('an MX set in an unsigned zone: the host\'s signed TLSA records still apply, as Postfix >= 3.6 applies them', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('mxp.insecure.test');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /^MX hosts of mxp\.insecure\.test: 1 MX host; MX records not validated$/m);
  assert.match(
    block(r.out, 'mx2.dane.good.test'),
    /A DANE sender would defer mail to mx2\.dane\.good\.test: no TLSA record matches the certificate it serves \(the MX records of mxp\.insecure\.test are not validated, but senders such as Postfix >= 3\.6 still use the host's signed TLSA records, and log a success as "Trusted", not "Verified"\)\./,
  );
});

test('a Null MX: one clear line, nothing probed, exit 0', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('nullmx.good.test');
  assert.equal(r.status, 0);
  assert.match(r.out, /nullmx\.good\.test accepts no mail \(Null MX\): nothing to probe\.\n$/);
  assert.doesNotMatch(r.out, /preference/);
});

test('--json: hosts with preference, addresses, dane, mtaSts and probe; problems', async (t) => {
  if (!ready(t)) return;
  const r = await probeMx('sts.good.test', '--json');
  const report = JSON.parse(r.out) as MxProbeReport;
  assert.equal(report.domain, 'sts.good.test');
  assert.equal(report.verdict, 'not-acceptable');
  assert.deepEqual(
    report.hosts.map((h) => [h.host, h.preference, h.addresses, h.dane.status, h.mtaSts.status, h.probe?.address, h.acceptable]),
    [
      ['mx1.dane.good.test', 10, ['127.0.0.41'], 'pass', 'pass', '127.0.0.41', true],
      ['mx5.sts.good.test', 20, ['127.0.0.45'], 'pass', 'fail', '127.0.0.45', false],
    ],
  );
  assert.deepEqual(report.hosts[0]!.dane.dnssec, { mx: true, addresses: true, tlsa: true });
  assert.equal(report.hosts[0]!.dane.records[0]!.matched, true);
  assert.equal(report.mtaSts.mode, 'enforce');
  assert.deepEqual(report.problems, []);
  assert.match(report.hosts[1]!.probe!.chain[0]!.subject, /mx5\.sts\.good\.test/);
});

test('no resolver answers: exit 2, within the timeout', async (t) => {
  if (!ready(t)) return;
  const t0 = performance.now();
  // The lab's nsd answers only its zones' questions with authority: ask a port where nothing listens.
  const r = await runCliInProcess(['probe', '--mx', 'one.good.test', '--resolver', '127.0.0.1:9', '--timeout', '3000']);
  assert.equal(r.status, 2, r.stdout.toString());
  assert.match(r.stdout.toString(), /^MX hosts of one\.good\.test: not known, the MX lookup failed$/m);
  assert.match(r.stdout.toString(), /The MX records of one\.good\.test could not be looked up: one\.good\.test MX: 127\.0\.0\.1:9 /);
  assert.match(r.stdout.toString(), /Not found out: the MX records of one\.good\.test could not be looked up\.\n$/);
  assert.ok(performance.now() - t0 < 6000);
});
