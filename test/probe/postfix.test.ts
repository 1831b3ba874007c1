// The probe against a real Postfix 3.7 on loopback, one smtpd per scenario, and the same verdict
// from posttls-finger on the same port: Postfix is the authority.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probe, type ProbeReport } from '../../server/src/io/probe/probe';
import { exitStatusOf } from '../../server/src/core/probe/verdict';
import { fixtures } from '../helpers/certificates';
import { CLI, ROOT } from '../helpers/cli';
import { needPostfix, POSTTLS_FINGER, postTlsFinger, run, startLoopbackPostfix, type FingerVerdict, type LoopbackPostfix } from '../helpers/postfix-loopback';
import { watchUnhandledRejections } from '../helpers/probe-servers';

const NAME = 'mail.example.com';
const enabled = needPostfix();
const rejections = watchUnhandledRejections();

interface Scenario {
  name: string;
  chain?: () => string;
  overrides?: Record<string, string>;
  mode?: 'tls';
  outcome: ProbeReport['outcome'];
  codes: string[];
  finger: FingerVerdict;
  /** OpenSSL's reason as posttls-finger logs it. */
  fingerReason?: RegExp;
  check?: (r: ProbeReport) => void;
}

const f = fixtures();
const SCENARIOS: Scenario[] = [
  { name: 'good-rsa', chain: () => f.leaf.key + f.leaf.cert + f.intermediate.cert, outcome: 'accept', codes: [], finger: 'verified', check: (r) => assert.equal(r.chain[0]!.key, 'RSA 2048') },
  { name: 'self-signed', chain: () => f.selfSigned.key + f.selfSigned.cert, outcome: 'refuse', codes: ['cert-self-signed'], finger: 'untrusted', fingerReason: /self.signed/ },
  { name: 'wrong-name', chain: () => f.idna.key + f.idna.cert + f.intermediate.cert, outcome: 'refuse', codes: ['cert-name-mismatch'], finger: 'untrusted', fingerReason: /hostname mismatch/ },
  { name: 'expired', chain: () => f.expired.key + f.expired.cert + f.intermediate.cert, outcome: 'refuse', codes: ['cert-expired'], finger: 'untrusted', fingerReason: /expired/ },
  { name: 'leaf-only', chain: () => f.leaf.key + f.leaf.cert, outcome: 'refuse', codes: ['cert-chain-incomplete'], finger: 'untrusted', fingerReason: /untrusted issuer .*Test Intermediate|local issuer/, check: (r) => assert.match(r.sentence, /fullchain\.pem/) },
  { name: 'ecdsa', chain: () => f.ec!.p256.key + f.ec!.p256.cert, outcome: 'accept', codes: [], finger: 'verified', check: (r) => assert.equal(r.chain[0]!.key, 'EC P-256') },
  {
    name: 'implicit-tls',
    chain: () => f.leaf.key + f.leaf.cert + f.intermediate.cert,
    overrides: { smtpd_tls_wrappermode: 'yes', smtpd_tls_security_level: 'encrypt' },
    mode: 'tls',
    outcome: 'accept',
    codes: [],
    finger: 'verified',
    check: (r) => assert.equal(r.transcript[0]!.tls, true, 'the greeting came inside TLS'),
  },
  { name: 'no-starttls', overrides: { smtpd_tls_security_level: 'none' }, outcome: 'refuse', codes: ['starttls-not-offered'], finger: 'no-tls', check: (r) => assert.ok(!r.ehloKeywords.includes('STARTTLS')) },
];

/** posttls-finger's words for our verdict: at level "secure" any failed check is "Untrusted". */
function asFinger(r: ProbeReport): FingerVerdict {
  if (r.error?.code === 'starttls-not-offered') return 'no-tls';
  if (r.verdict.acceptable) return 'verified';
  return r.chain.length ? 'untrusted' : 'failed';
}

describe('a real Postfix on loopback', { skip: enabled ? false : 'Postfix cannot run here' }, () => {
  let pf: LoopbackPostfix;
  let caFile: string;
  const table: string[] = [];

  before(async () => {
    if (!f.ec) throw new Error('openssl is needed for the ECDSA scenario');
    caFile = f.file('probe-postfix-ca.pem', f.root.cert + f.ec.root.cert);
    pf = await startLoopbackPostfix(SCENARIOS.map((s) => ({ name: s.name, chainPem: s.chain?.(), overrides: s.overrides })));
  });

  after(async () => {
    if (table.length) console.log(`\nprobe vs posttls-finger:\n${table.join('\n')}\n`);
    await pf?.stop();
    assert.deepEqual(rejections, []);
  });

  for (const s of SCENARIOS) {
    test(`${s.name}: ${s.outcome}${s.codes.length ? ` (${s.codes.join(', ')})` : ''}, and posttls-finger agrees`, async (t) => {
      const port = pf.ports[s.name]!;
      const r = await probe({ host: '127.0.0.1', port, mode: s.mode ?? 'starttls', hostnames: [NAME], caPem: fs.readFileSync(caFile, 'utf8'), timeoutMs: 15_000 });
      assert.equal(r.outcome, s.outcome, `${r.sentence}\n${JSON.stringify(r.error)}`);
      assert.deepEqual(r.verdict.problems.filter((p) => p.severity === 'error').map((p) => p.code), s.codes);
      assert.equal(exitStatusOf(r.outcome), s.outcome === 'accept' ? 0 : 1);
      if (s.codes.length === 0 || s.codes[0]!.startsWith('cert-')) {
        assert.match(r.tlsVersion ?? '', /^TLSv1\.[23]$/);
        assert.equal(r.chainSource, 'wire');
        assert.match(r.transcript[0]!.line, /^220 mail\.test ESMTP/);
      }
      s.check?.(r);

      if (!POSTTLS_FINGER) return t.skip('posttls-finger is not installed');
      const fin = await postTlsFinger(pf.configDir, port, NAME, caFile, s.mode === 'tls');
      table.push(`  ${s.name.padEnd(13)} ours: ${asFinger(r).padEnd(10)} ${(r.verdict.problems[0]?.code ?? '-').padEnd(22)} posttls-finger: ${fin.verdict.padEnd(10)} ${fin.reason || '-'}`);
      assert.equal(fin.verdict, s.finger, fin.output);
      assert.equal(asFinger(r), fin.verdict, 'the probe and posttls-finger agree');
      if (s.fingerReason) assert.match(fin.reason, s.fingerReason, fin.output);
      if (fin.fingerprint) assert.equal(fin.fingerprint, r.chain[0]!.fingerprint256, 'the same leaf');
    });
  }

  test('the probe never sent AUTH, MAIL or RCPT: Postfix counted only EHLO, STARTTLS and QUIT', async () => {
    // Postfix logs per session: "disconnect from ... ehlo=2 starttls=1 quit=1 commands=4".
    // postlogd writes asynchronously: wait until every session's line is there.
    const disconnects = () => pf.maillog().split('\n').filter((l) => / disconnect from /.test(l));
    const until = Date.now() + 10_000;
    while (disconnects().length < SCENARIOS.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const stats = disconnects();
    assert.ok(stats.length >= SCENARIOS.length, pf.maillog());
    for (const line of stats) {
      const verbs = [...line.matchAll(/ (\w+)=\d+(?:\/\d+)?/g)].map((m) => m[1]!);
      assert.deepEqual(verbs.filter((v) => !['ehlo', 'starttls', 'quit', 'commands'].includes(v)), [], line);
    }
  });

  test('the command line, as a process: exit 0, 1, and 2; text and --json', async () => {
    if (!fs.existsSync(CLI)) {
      const b = await run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { timeoutMs: 120_000 });
      assert.equal(b.status, 0, b.stderr);
    }
    const cli = (args: string[]) => run(process.execPath, [CLI, 'probe', '--hostname', NAME, '--ca-file', caFile, '--timeout', '15000', ...args], { timeoutMs: 30_000 });
    const good = await cli([`127.0.0.1:${pf.ports['good-rsa']}`]);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /^Yes: Gmail's "Send mail as" would accept mail\.example\.com/m);
    assert.match(good.stdout, /tls C: EHLO/);
    const leaf = await cli(['--json', `127.0.0.1:${pf.ports['leaf-only']}`]);
    assert.equal(leaf.status, 1);
    const j = JSON.parse(leaf.stdout) as ProbeReport;
    assert.deepEqual(j.verdict.problems.map((p) => p.code), ['cert-chain-incomplete']);
    assert.equal(j.chain.length, 1);
    const wrapper = await cli([`127.0.0.1:${pf.ports['implicit-tls']}`, '--starttls', '--timeout', '1500']);
    assert.equal(wrapper.status, 2, 'STARTTLS on an implicit-TLS port cannot finish');
    assert.match(wrapper.stdout, /--tls/);
    for (const out of [good, leaf, wrapper]) assert.equal(out.stderr, '');
  });
});
