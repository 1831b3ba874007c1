// `probe --protocols` against a real Postfix 3.7 on loopback, set up once with only TLS 1.2+ and
// strong suites and once with TLS 1.0 and weak suites allowed, held to testssl.sh on the same
// set-ups: the same versions, and the same suites per version. testssl.sh takes about a minute per
// set-up, so it runs once per set-up, both at once, in before(), on smtpd services of their own (so
// that Postfix's log shows what our connections sent, apart from testssl.sh's).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { enumerateProtocols } from '../../server/src/io/probe/enumerate';
import { judgeProtocols, protocolsExitStatus, type ProtocolsReport, type TlsVersionName } from '../../server/src/core/probe/protocols';
import { judgeCipherSuite } from '../../server/src/core/tls/cipher-suites';
import { fixtures } from '../helpers/certificates';
import { needPostfix, startLoopbackPostfix, type LoopbackPostfix } from '../helpers/postfix-loopback';
import { runCliAsync, watchUnhandledRejections } from '../helpers/probe-servers';
import { needTestssl, testssl, type TestsslResult } from '../helpers/testssl';

const enabled = needPostfix() && needTestssl();
const rejections = watchUnhandledRejections();

const SETUPS = {
  // TLS 1.2 and 1.3, the "high" grade without RSA key transport or anonymous suites, the server's order.
  strong: { smtpd_tls_protocols: '>=TLSv1.2', smtpd_tls_ciphers: 'high', smtpd_tls_exclude_ciphers: 'aNULL,kRSA', tls_preempt_cipherlist: 'yes' },
  // TLS 1.0 and up, every suite OpenSSL has at security level 0 (NULL, anonymous, RSA key transport).
  weak: { smtpd_tls_protocols: '>=TLSv1', smtpd_tls_ciphers: 'low', tls_low_cipherlist: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' },
} as const;
type Setup = keyof typeof SETUPS;

/** Suites neither OpenSSL 3 can offer (testssl.sh's own sockets could, but --fast uses openssl). */
const cannotOffer = (name: string) => judgeCipherSuite(name).weak.some((w) => ['rc4', 'des', '3des', 'export'].includes(w));

describe('probe --protocols against a real Postfix, held to testssl.sh', { skip: enabled ? false : 'Postfix or testssl.sh cannot run here' }, () => {
  let pf: LoopbackPostfix;
  const ours = {} as Record<Setup, ProtocolsReport>;
  const theirs = {} as Record<Setup, TestsslResult>;
  const figures: string[] = [];

  before(async () => {
    const f = fixtures();
    const chainPem = f.leaf.key + f.leaf.cert + f.intermediate.cert;
    pf = await startLoopbackPostfix((Object.keys(SETUPS) as Setup[]).flatMap((s) => [{ name: s, chainPem, overrides: { ...SETUPS[s] } }, { name: `${s}-testssl`, chainPem, overrides: { ...SETUPS[s] } }]));
    const runs = (Object.keys(SETUPS) as Setup[]).map(async (s) => {
      const [r, t] = await Promise.all([enumerateProtocols({ host: '127.0.0.1', port: pf.ports[s]!, timeoutMs: 60_000 }), testssl(pf.ports[`${s}-testssl`]!)]);
      ours[s] = judgeProtocols(r, false);
      theirs[s] = t;
      figures.push(`  ${s.padEnd(6)} ours: ${r.connections} connections, ${r.totalMs} ms; testssl.sh: ${Math.round(t.ms)} ms`);
    });
    await Promise.all(runs);
  });

  after(async () => {
    if (figures.length) console.log(`\nprobe --protocols vs testssl.sh (loaded machine, not a benchmark):\n${figures.join('\n')}\n`);
    await pf?.stop();
    assert.deepEqual(rejections, []);
  });

  for (const s of Object.keys(SETUPS) as Setup[]) {
    test(`${s}: the same versions as testssl.sh, and the same suites with each`, () => {
      const r = ours[s];
      const t = theirs[s];
      assert.equal(r.error, null, JSON.stringify(r.error));
      assert.deepEqual(r.unlearnt, []);
      const accepted = r.protocols.filter((p) => p.accepted).map((p) => p.version);
      assert.deepEqual(accepted, [...t.offered].sort(), t.output);
      assert.deepEqual(accepted, s === 'strong' ? ['TLSv1.2', 'TLSv1.3'] : ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], 'as configured');
      for (const p of r.protocols) {
        const expected = (t.suites[p.version as TlsVersionName] ?? []).filter((n) => !cannotOffer(n)).sort();
        assert.deepEqual([...p.ciphers].sort(), expected, `${s} ${p.version}: ours vs testssl.sh`);
      }
    });
  }

  test('strong: nothing weak (exit 0), the server imposes its order, the groups Postfix offers', () => {
    const r = ours.strong;
    assert.deepEqual(r.problems, []);
    assert.equal(protocolsExitStatus(r), 0);
    assert.equal(r.serverOrder, true, 'tls_preempt_cipherlist = yes');
    for (const g of ['X25519', 'P-256', 'P-384']) assert.ok(r.groups.includes(g), r.groups.join(' '));
    assert.ok(r.protocols.every((p) => p.ciphers.every((c) => judgeCipherSuite(c).forwardSecret)), 'no kRSA suite');
  });

  test('weak: NULL suites are warnings on any port (exit 1); TLS 1.0/1.1 and anonymous suites information on an MX port, warnings on a submission port', () => {
    const r = ours.weak;
    assert.equal(r.serverOrder, false, 'tls_preempt_cipherlist = no (the default)');
    const by = (rep: ProtocolsReport) => rep.problems.map((p) => `${p.severity} ${p.code}`).sort();
    assert.deepEqual(by(r), ['information tls-legacy-protocol', 'information tls-no-forward-secrecy', 'information tls-weak-cipher', 'warning tls-weak-cipher']);
    assert.match(r.problems.find((p) => p.severity === 'warning')!.message, /NULL-MD5 \(no encryption \(NULL\), MD5 message authentication\)/);
    assert.equal(protocolsExitStatus(r), 1);
    const submission = judgeProtocols(r, true);
    assert.deepEqual(by(submission), ['information tls-no-forward-secrecy', 'warning tls-legacy-protocol', 'warning tls-weak-cipher', 'warning tls-weak-cipher']);
  });

  test('the command line: --protocols --submission --json on the weak set-up exits 1; text on the strong one exits 0', async () => {
    const weak = await runCliAsync(['probe', '--protocols', '--submission', '--json', `127.0.0.1:${pf.ports.weak}`]);
    assert.equal(weak.status, 1, weak.stderr);
    const json = JSON.parse(weak.stdout) as ProtocolsReport;
    assert.deepEqual(Object.keys(json).filter((k) => ['host', 'port', 'mode', 'protocols', 'groups', 'serverOrder', 'problems', 'error'].includes(k)).sort(), ['error', 'groups', 'host', 'mode', 'port', 'problems', 'protocols', 'serverOrder']);
    assert.equal(json.role, 'submission');
    assert.ok(json.problems.some((p) => p.code === 'tls-legacy-protocol' && p.severity === 'warning'));
    const strong = await runCliAsync(['probe', '--protocols', `127.0.0.1:${pf.ports.strong}`]);
    assert.equal(strong.status, 0, strong.stdout);
    assert.match(strong.stdout, /^TLS 1\.0 {2}refused$/m);
    assert.match(strong.stdout, /^TLS 1\.3 {2}accepted\n {11}TLS_/m);
    assert.match(strong.stdout, /Server order: yes/);
  });

  test('our connections sent only EHLO and STARTTLS: Postfix logged no other command for them', async () => {
    // "postfix/strong/smtpd[...]: disconnect from localhost[127.0.0.1] ehlo=1 starttls=1 commands=2"
    const ourLines = () => pf.maillog().split('\n').filter((l) => /postfix\/(strong|weak)\/smtpd\[\d+\]: disconnect from /.test(l));
    const expected = ours.strong.connections + ours.weak.connections + 4; // + the command line's runs: counted below
    const until = Date.now() + 10_000;
    while (ourLines().length < Math.min(expected, ours.strong.connections + ours.weak.connections) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const lines = ourLines();
    assert.ok(lines.length >= ours.strong.connections + ours.weak.connections, `${lines.length} disconnect lines`);
    for (const line of lines) {
      const verbs = [...line.matchAll(/ (\w+)=\d+(?:\/\d+)?/g)].map((m) => m[1]!);
      assert.deepEqual(verbs.filter((v) => !['ehlo', 'starttls', 'commands'].includes(v)), [], line);
    }
  });
});
