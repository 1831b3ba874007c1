// probe --mx held to posttls-finger, Postfix's own tool, on the same MX hosts: a real Postfix on port
// 25 of five loopback addresses, TLSA records in the signed lab zone (3 1 1 matching, 3 1 1 of another
// key, 2 1 1 of the CA with the right name and with a wrong one, 3 1 1 of an expired certificate).
// posttls-finger has no resolver option: everything runs in a network namespace whose resolv.conf
// names the lab's validating unbound on 127.0.0.1:53 (test/helpers/netns.ts, mx-finger-run.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { labAvailable, needDnsLab } from '../helpers/dns-lab';
import { ROOT } from '../helpers/cli';
import { FINGER_DOMAINS, type FingerRun } from '../helpers/mx-finger-run';
import { createNetns, IP } from '../helpers/netns';
import { needPostfix, POSTTLS_FINGER, run } from '../helpers/postfix-loopback';

test('DANE verdicts of probe --mx agree with posttls-finger -l dane, host by host', { timeout: 180_000 }, async (t) => {
  if (!needDnsLab(t) || !needPostfix(t) || !labAvailable()) return;
  if (!POSTTLS_FINGER || !IP) {
    const why = `${POSTTLS_FINGER ? 'ip (iproute2)' : 'posttls-finger'} is not installed: the cross-check DID NOT RUN`;
    if (process.env.CI) throw new Error(why);
    console.warn(`\n*** SKIPPED: ${why} ***\n`);
    return t.skip(why);
  }
  const ns = await createNetns(`pl-mx-${process.pid}`);
  let out: FingerRun;
  try {
    const argv = ns.exec([process.execPath, '--import', 'tsx', path.join(ROOT, 'test/helpers/mx-finger-run.ts')]);
    const r = await run(argv[0]!, argv.slice(1), { timeoutMs: 150_000 });
    assert.equal(r.status, 0, `${r.stderr}\n${r.stdout}`);
    out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as FingerRun;
  } finally {
    await ns.remove();
  }
  const ours = new Map(FINGER_DOMAINS.filter((d) => !d.includes('insecure')).flatMap((d) => out.ours[d]!.report.hosts.map((h) => [h.host, h.dane] as const)));
  // posttls-finger: "Verified" after a DANE match; "Untrusted" with the reason; ours: pass or fail, with the same reason.
  const expected: Record<string, [string, string, RegExp, RegExp]> = {
    'mx1.dane.good.test': ['Verified', 'pass', /Matched DANE EE certificate at depth 0: 3 1 1/, /matches the certificate it serves \(DANE-EE/],
    'mx2.dane.good.test': ['Untrusted', 'fail', /no matching DANE TLSA records/, /no TLSA record matches the certificate it serves/],
    'mx3.ta.good.test': ['Verified', 'pass', /Matched DANE TA certificate at depth 1: 2 1 1/, /matches a CA certificate it serves, and its certificate names mx3\.ta\.good\.test/],
    'mx4.ta.good.test': ['Untrusted', 'fail', /hostname mismatch/, /its certificate does not name mx4\.ta\.good\.test/],
    'mx5.sts.good.test': ['Verified', 'pass', /Matched DANE EE certificate at depth 0: 3 1 1/, /names and dates are not checked/],
  };
  for (const [host, [fingerVerdict, ourStatus, fingerLine, ourMessage]] of Object.entries(expected)) {
    const f = out.finger[host]!;
    assert.equal(f.verdict, fingerVerdict, `posttls-finger on ${host}:\n${f.output}`);
    assert.ok(f.dane.some((l) => fingerLine.test(l)), `posttls-finger on ${host}:\n${f.output}`);
    assert.equal(ours.get(host)?.status, ourStatus, `ours on ${host}: ${ours.get(host)?.message}`);
    assert.match(ours.get(host)!.message, ourMessage);
  }
  // An MX set in an unsigned zone: posttls-finger still uses mx2's signed TLSA records (Postfix >= 3.6's
  // smtp_tls_dane_insecure_mx_policy = dane) and finds no match; so do we.
  const insecure = out.fingerDomain['mxp.insecure.test']!;
  assert.equal(insecure.verdict, 'Untrusted', insecure.output);
  assert.ok(insecure.dane.some((l) => /MX RRset insecure/.test(l)) || /MX RRset insecure/.test(insecure.output), insecure.output);
  assert.ok(insecure.dane.some((l) => /no matching DANE TLSA records/.test(l)), insecure.output);
  const ourInsecure = out.ours['mxp.insecure.test']!.report.hosts[0]!.dane;
  assert.equal(ourInsecure.status, 'fail', ourInsecure.message);
  assert.match(ourInsecure.message, /MX records of mxp\.insecure\.test are not validated/);
  // Exit statuses, as users see them (no --resolver: the namespace's resolv.conf).
  assert.deepEqual(FINGER_DOMAINS.map((d) => out.ours[d]!.status), [1, 1, 0, 1]);
});
