// The submission verdict against a real Postfix 3.7 on loopback with SASL (Cyrus, the default
// smtpd_sasl_type, with Debian's libsasl2-modules; a Dovecot auth socket that is not there), one
// smtpd per scenario. What AUTH Postfix offers before and after STARTTLS is held to posttls-finger's
// chat log and to openssl s_client; Postfix's own session statistics prove the probe never sent
// AUTH, MAIL or RCPT. No password is needed: nothing ever logs in.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probe, type ProbeReport } from '../../server/src/io/probe/probe';
import { fixtures } from '../helpers/certificates';
import { CLI, ROOT } from '../helpers/cli';
import { needPostfix, POSTTLS_FINGER, run, startLoopbackPostfix, type LoopbackPostfix } from '../helpers/postfix-loopback';
import { watchUnhandledRejections } from '../helpers/probe-servers';

const NAME = 'mail.example.com';
/** Cyrus SASL's PLAIN plugin (Debian: libsasl2-modules, which .ci/run installs); without any, smtpd offers no AUTH at all. */
const CYRUS_PLAIN = ['/usr/lib', '/usr/lib64'].flatMap((d) => {
  try {
    return fs.readdirSync(d).map((a) => path.join(d, a, 'sasl2', 'libplain.so'));
  } catch {
    return [];
  }
}).concat(['/usr/lib/sasl2/libplain.so']).some((p) => fs.existsSync(p));
function needCyrusPlugins(): boolean {
  if (CYRUS_PLAIN) return true;
  const why = "Cyrus SASL's plugins are not installed (apt-get install libsasl2-modules): the submission tests against a real Postfix DID NOT RUN";
  if (process.env.CI) throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  return false;
}
const enabled = needPostfix() && needCyrusPlugins();
const rejections = watchUnhandledRejections();
const f = fixtures();
const chain = () => f.leaf.key + f.leaf.cert + f.intermediate.cert;

const SASL = { smtpd_sasl_auth_enable: 'yes' };
const SCENARIOS = {
  // The submission service as it should be: TLS required, AUTH only inside it.
  'auth-after-tls': { ...SASL, smtpd_tls_security_level: 'encrypt', smtpd_tls_auth_only: 'yes' },
  // AUTH offered in plain text as well (smtpd_tls_auth_only defaults to no).
  'auth-in-plaintext': { ...SASL, smtpd_tls_auth_only: 'no' },
  // SASL off (the default): no AUTH at all.
  'auth-off': { smtpd_tls_security_level: 'encrypt' },
  // Dovecot is not running: smtpd dies when it starts SASL, after STARTTLS with smtpd_tls_auth_only.
  'no-sasl-backend': { ...SASL, smtpd_tls_auth_only: 'yes', smtpd_sasl_type: 'dovecot', smtpd_sasl_path: 'private/auth-not-running' },
  // 465: TLS from the first byte.
  'implicit-tls': { ...SASL, smtpd_tls_wrappermode: 'yes', smtpd_tls_security_level: 'encrypt' },
  // A 465-style service without smtpd_tls_wrappermode: smtpd greets in plain text where a client
  // starts with a TLS handshake.
  'no-wrappermode': { ...SASL, smtpd_tls_security_level: 'encrypt' },
} as const;
type Name = keyof typeof SCENARIOS;

/** The AUTH names of posttls-finger's chat log ("posttls-finger: < 250-AUTH PLAIN LOGIN"), before and after its STARTTLS. */
function fingerAuth(output: string): { before: string[] | null; after: string[] | null } {
  const lines = output.split('\n');
  const starttls = lines.findIndex((l) => /: > STARTTLS\s*$/.test(l));
  const auth = (part: string[]) => {
    const l = part.find((x) => /: < 250[- ]AUTH /.test(x));
    return l ? l.replace(/^.*: < 250[- ]AUTH /, '').trim().split(/\s+/) : [];
  };
  return starttls === -1 ? { before: auth(lines), after: null } : { before: auth(lines.slice(0, starttls)), after: auth(lines.slice(starttls)) };
}

describe('a real Postfix with SASL on loopback: the submission verdict', { skip: enabled ? false : 'Postfix cannot run here' }, () => {
  let pf: LoopbackPostfix;
  let caFile: string;
  const reports = new Map<Name, ProbeReport>();

  before(async () => {
    caFile = f.file('probe-postfix-auth-ca.pem', f.root.cert);
    pf = await startLoopbackPostfix(Object.entries(SCENARIOS).map(([name, overrides]) => ({ name, chainPem: chain(), overrides })));
  });

  after(async () => {
    await pf?.stop();
    assert.deepEqual(rejections, []);
  });

  const probeOf = async (name: Name): Promise<ProbeReport> => {
    const r = await probe({ host: '127.0.0.1', port: pf.ports[name]!, mode: name === 'implicit-tls' || name === 'no-wrappermode' ? 'tls' : 'starttls', submission: true, hostnames: [NAME], caPem: f.root.cert, timeoutMs: 15_000 });
    reports.set(name, r);
    return r;
  };

  test('AUTH only after STARTTLS: accept, PLAIN and LOGIN offered inside TLS, none before', async () => {
    const r = await probeOf('auth-after-tls');
    assert.equal(r.outcome, 'accept', `${r.sentence}\n${JSON.stringify(r.error)}`);
    assert.deepEqual(r.auth.beforeTls, []);
    assert.ok(r.auth.afterTls?.includes('PLAIN') && r.auth.afterTls.includes('LOGIN'), `Cyrus with libsasl2-modules offers PLAIN and LOGIN: ${r.auth.afterTls}`);
    assert.equal(r.auth.ignored, 0);
    assert.match(r.sentence, /^Yes: .*, with AUTH PLAIN LOGIN offered only after STARTTLS\.$/);
  });

  test('AUTH in plain text too: submission-auth-before-tls, "not safe for submission"', async () => {
    const r = await probeOf('auth-in-plaintext');
    assert.equal(r.outcome, 'refuse', r.sentence);
    assert.deepEqual(r.verdict.problems.map((p) => `${p.severity} ${p.code}`), ['error submission-auth-before-tls']);
    assert.deepEqual(r.auth.beforeTls, r.auth.afterTls, 'Postfix offers the same mechanisms before and after STARTTLS');
    assert.match(r.sentence, /^No: mail\.example\.com on port \d+ is not safe for submission, because it offers AUTH .*PLAIN LOGIN before STARTTLS.*smtpd_tls_auth_only=yes/);
  });

  test('SASL off: submission-auth-disabled, in Gmail\'s words', async () => {
    const r = await probeOf('auth-off');
    assert.deepEqual(r.verdict.problems.map((p) => `${p.severity} ${p.code}`), ['error submission-auth-disabled']);
    assert.deepEqual(r.auth, { beforeTls: [], afterTls: [], ignored: 0 });
    assert.match(r.sentence, /would fail with "Authentication failed".*-o smtpd_sasl_auth_enable=yes/);
  });

  test('no SASL back end: smtpd dies after STARTTLS; the probe sees the connection close and points to the mail log', async () => {
    const r = await probeOf('no-sasl-backend');
    assert.equal(r.outcome, 'refuse', r.sentence);
    assert.deepEqual([r.error?.phase, r.error?.code], ['ehlo-tls', 'connection-closed'], r.error?.message);
    assert.deepEqual([r.auth.beforeTls, r.auth.afterTls], [[], null], 'no AUTH before TLS; the reply inside TLS never came');
    assert.match(r.sentence, /if the mail log shows "fatal: no SASL authentication mechanisms" \(after "warning: SASL: Connect to \.\.\. failed"\), smtpd died because it cannot reach its SASL back end: start Dovecot/);
    // What the mail log says, as the advice expects (postlogd writes asynchronously: wait for it).
    const until = Date.now() + 10_000;
    while (!/postfix\/no-sasl-backend\/smtpd\[\d+\]: fatal: no SASL authentication mechanisms/.test(pf.maillog()) && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    assert.match(pf.maillog(), /postfix\/no-sasl-backend\/smtpd\[\d+\]: warning: SASL: Connect to Dovecot auth socket 'private\/auth-not-running' failed/);
    assert.match(pf.maillog(), /postfix\/no-sasl-backend\/smtpd\[\d+\]: fatal: no SASL authentication mechanisms/);
  });

  test('implicit TLS (465-style): AUTH read inside TLS, no EHLO before it', async () => {
    const r = await probeOf('implicit-tls');
    assert.equal(r.outcome, 'accept', r.sentence);
    assert.equal(r.auth.beforeTls, null);
    assert.ok(r.auth.afterTls?.includes('PLAIN'));
    assert.match(r.sentence, /offered inside TLS\.$/);
  });

  test('465 without smtpd_tls_wrappermode: the handshake meets a plain-text greeting, and the fix names wrappermode', async () => {
    const r = await probeOf('no-wrappermode');
    assert.equal(r.outcome, 'refuse', r.sentence);
    assert.deepEqual([r.error?.phase, r.error?.code], ['handshake', 'tls-handshake-failed'], r.error?.message);
    assert.equal(r.auth.afterTls, null, 'no EHLO inside TLS was ever answered');
    assert.match(r.sentence, /-o smtpd_tls_wrappermode=yes/);
  });

  test('the probe never sent AUTH, MAIL or RCPT: Postfix counted only EHLO, STARTTLS and QUIT', async () => {
    // "disconnect from ... ehlo=2 starttls=1 quit=1 commands=4", one per finished session; the
    // smtpd without its SASL back end died and wrote none. Nothing else has connected yet but the
    // start-up's port checks (commands=0/0).
    const finished = ['auth-after-tls', 'auth-in-plaintext', 'auth-off', 'implicit-tls'];
    // The service without wrappermode read the probe's TLS handshake as a command line: not a session of the dialogue.
    const sessions = () => pf.maillog().split('\n').filter((l) => / disconnect from /.test(l) && !/ commands=0\/0/.test(l) && !/postfix\/no-wrappermode\//.test(l));
    const until = Date.now() + 10_000;
    while (sessions().length < finished.length && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    const lines = sessions();
    assert.deepEqual(lines.map((l) => /postfix\/([\w-]+)\/smtpd/.exec(l)?.[1]).sort(), [...finished].sort(), pf.maillog());
    for (const line of lines) {
      const verbs = [...line.matchAll(/ (\w+)=\d+(?:\/\d+)?/g)].map((m) => m[1]!);
      assert.deepEqual(verbs.filter((v) => !['ehlo', 'starttls', 'quit', 'commands'].includes(v)), [], line);
      assert.doesNotMatch(line, /\bauth=/, line);
    }
    assert.ok(lines.some((l) => /postfix\/auth-in-plaintext\/smtpd.* ehlo=2 starttls=1 quit=1 commands=4$/.test(l)), 'AUTH was on offer, and not taken');
  });

  test('posttls-finger\'s chat log shows the same AUTH before and after STARTTLS', async (t) => {
    if (!POSTTLS_FINGER) return t.skip('posttls-finger is not installed');
    for (const name of ['auth-after-tls', 'auth-in-plaintext', 'auth-off', 'implicit-tls'] as const) {
      const r = reports.get(name)!;
      const wrapper = name === 'implicit-tls';
      const out = await run(POSTTLS_FINGER, ['-l', 'may', ...(wrapper ? ['-w'] : []), `[127.0.0.1]:${pf.ports[name]}`], { env: { ...process.env, MAIL_CONFIG: pf.configDir }, timeoutMs: 30_000 });
      const seen = fingerAuth(`${out.stdout}${out.stderr}`);
      if (wrapper) assert.deepEqual(seen.before, r.auth.afterTls, `${name}: inside TLS from the first byte\n${out.stdout}${out.stderr}`);
      else assert.deepEqual(seen, { before: r.auth.beforeTls, after: r.auth.afterTls }, `${name}\n${out.stdout}${out.stderr}`);
    }
  });

  test('openssl s_client -starttls smtp, then EHLO inside TLS: the same AUTH as the probe', async () => {
    for (const name of ['auth-after-tls', 'auth-in-plaintext'] as const) {
      const out = await run('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${pf.ports[name]}`, '-crlf', '-quiet'], { input: 'EHLO s-client.test\nQUIT\n', timeoutMs: 30_000 });
      const line = out.stdout.split(/\r?\n/).find((l) => /^250[- ]AUTH /.test(l));
      assert.ok(line, `${name}: s_client saw AUTH inside TLS\n${out.stdout}${out.stderr}`);
      assert.deepEqual(line.replace(/^250[- ]AUTH /, '').trim().split(/\s+/), reports.get(name)!.auth.afterTls);
    }
  });

  test('the command line, as a process: --submission on any port, text and --json', async () => {
    if (!fs.existsSync(CLI)) {
      const b = await run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { timeoutMs: 120_000 });
      assert.equal(b.status, 0, b.stderr);
    }
    const cli = (args: string[]) => run(process.execPath, [CLI, 'probe', '--hostname', NAME, '--ca-file', caFile, '--timeout', '15000', ...args], { timeoutMs: 30_000 });
    const off = await cli(['--submission', `127.0.0.1:${pf.ports['auth-off']}`]);
    assert.equal(off.status, 1, off.stdout + off.stderr);
    assert.match(off.stdout, /^AUTH before TLS: none$/m);
    assert.match(off.stdout, /^AUTH after TLS: {2}none$/m);
    assert.match(off.stdout, /^ {2}error submission-auth-disabled: /m);
    const good = await cli(['--json', '--submission', `127.0.0.1:${pf.ports['auth-after-tls']}`]);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const j = JSON.parse(good.stdout) as ProbeReport;
    assert.equal(j.submission, true);
    assert.deepEqual(j.auth.beforeTls, []);
    assert.ok(j.auth.afterTls?.includes('LOGIN'));
    // Without --submission a loopback test port is judged as port 25 would be: AUTH is not judged.
    const plain = await cli([`127.0.0.1:${pf.ports['auth-in-plaintext']}`]);
    assert.equal(plain.status, 0, plain.stdout);
    assert.match(plain.stdout, /^AUTH before TLS: .*PLAIN LOGIN$/m);
    assert.doesNotMatch(plain.stdout, /submission-auth/);
    for (const out of [off, good, plain]) assert.equal(out.stderr, '');
  });
});
