// A throwaway Postfix on 127.0.0.1 for the probe tests and the probe benchmark, following
// ../shared/recipes/postfix-on-loopback.md: a private config directory under a temp directory,
// chroot n on every service, maillog_file (printed when the start fails), one smtpd per scenario on
// its own loopback port with `-o` overrides. Root only (Postfix's master must start as root).
//
// Where Postfix is not installed, needPostfix() skips loudly; under CI it fails instead.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export const POSTFIX = ['/usr/sbin/postfix', '/usr/bin/postfix'].find((p) => fs.existsSync(p)) ?? null;
export const POSTTLS_FINGER = ['/usr/sbin/posttls-finger', '/usr/bin/posttls-finger'].find((p) => fs.existsSync(p)) ?? null;

/** Call at the top of a suite or test that needs a real Postfix: false (after a loud skip) when it cannot run. */
export function needPostfix(t?: TestContext): boolean {
  const why = !POSTFIX
    ? 'Postfix is not installed (apt-get install postfix): the probe tests against a real Postfix DID NOT RUN'
    : process.getuid?.() !== 0
      ? 'not running as root (Postfix master must start as root): the probe tests against a real Postfix DID NOT RUN'
      : null;
  if (!why) return true;
  if (process.env.CI) throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t?.skip(why);
  return false;
}

export interface ScenarioSpec {
  name: string;
  /** PEM: private key, then its certificate and intermediates (several groups allowed). */
  chainPem?: string;
  /** Extra `-o name=value` overrides (no white space in values). */
  overrides?: Record<string, string>;
  /**
   * Where smtpd listens. Default: a free port on 127.0.0.1. An MX host needs port 25 of an address
   * of its own (MX records name no port): give another loopback address, free on port 25.
   */
  listen?: { address: string; port: number };
}

export interface LoopbackPostfix {
  dir: string;
  configDir: string;
  /** Scenario name -> its port on 127.0.0.1. */
  ports: Record<string, number>;
  maillog(): string;
  stop(): Promise<void>;
}

const UNIX_SERVICES = `
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

/** `mainExtra`: main.cf lines added after the standard ones (a later line wins). */
export async function startLoopbackPostfix(scenarios: ScenarioSpec[], mainExtra: string[] = []): Promise<LoopbackPostfix> {
  if (!POSTFIX) throw new Error('Postfix is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-pf-'));
  fs.chmodSync(dir, 0o755); // the postfix user must traverse it to reach the queue
  const etc = path.join(dir, 'etc');
  const spool = path.join(dir, 'spool');
  const data = path.join(dir, 'data');
  const certs = path.join(dir, 'certs');
  for (const d of [etc, spool, data, certs]) fs.mkdirSync(d, { mode: 0o755 });
  fs.chmodSync(certs, 0o700);
  const { uid, gid } = postfixUser();
  fs.chownSync(data, uid, gid);
  const maillog = path.join(dir, 'maillog');

  const ports: Record<string, number> = {};
  const listening: [string, number][] = [];
  const services: string[] = [];
  let firstChain: string | undefined;
  for (const s of scenarios) {
    const host = s.listen?.address ?? '127.0.0.1';
    const port = s.listen?.port ?? (await freePort());
    ports[s.name] = port;
    listening.push([host, port]);
    const o: Record<string, string> = { syslog_name: `postfix/${s.name}`, ...(s.overrides ?? {}) };
    if (s.chainPem) {
      const file = path.join(certs, `${s.name}.pem`);
      fs.writeFileSync(file, s.chainPem, { mode: 0o600 });
      o.smtpd_tls_chain_files = file;
      firstChain ??= file;
    }
    const opts = Object.entries(o).map(([k, v]) => `\n  -o ${k}=${v}`).join('');
    services.push(`${host}:${port} inet n - n - - smtpd${opts}`);
  }
  fs.writeFileSync(
    path.join(etc, 'main.cf'),
    [
      'compatibility_level = 3.7',
      `queue_directory = ${spool}`,
      `data_directory = ${data}`,
      'myhostname = mail.test',
      'mydomain = test',
      // Not the other listening addresses: postfix check wants each to be an interface's own
      // ("no local interface found for 127.0.0.41"), and master binds a master.cf address anyway.
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      'mydestination =',
      'alias_maps =',
      'alias_database =',
      'local_recipient_maps =',
      'smtpd_relay_restrictions = reject',
      `maillog_file = ${maillog}`,
      `maillog_file_prefixes = ${dir}, /var, /dev/stdout`,
      'smtpd_tls_security_level = may',
      firstChain ? `smtpd_tls_chain_files = ${firstChain}` : '',
      'smtpd_tls_loglevel = 1',
      // A probe must never need DNS: the client's name is not looked up.
      'smtpd_peername_lookup = no',
      ...mainExtra,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(etc, 'master.cf'), `${services.join('\n')}\n${UNIX_SERVICES}`);

  const readLog = (): string => {
    try {
      return fs.readFileSync(maillog, 'utf8');
    } catch {
      return '';
    }
  };
  // If this process dies before stop(), the master must not outlive it.
  const killOnExit = (): void => {
    try {
      const pid = Number(fs.readFileSync(path.join(spool, 'pid', 'master.pid'), 'utf8').trim());
      if (pid > 1) process.kill(pid, 'SIGTERM');
    } catch {
      // not started, or already gone
    }
  };
  // A signal (a test runner's or a shell's timeout) skips 'exit': stop the master, then die of the
  // same signal as if nobody had listened.
  const onSignal = (signal: NodeJS.Signals): void => {
    killOnExit();
    fs.rmSync(dir, { recursive: true, force: true });
    removeHooks();
    process.kill(process.pid, signal);
  };
  const removeHooks = (): void => {
    process.removeListener('exit', killOnExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
  process.once('exit', killOnExit);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const pf: LoopbackPostfix = {
    dir,
    configDir: etc,
    ports,
    maillog: readLog,
    stop: async () => {
      removeHooks();
      await stopPostfix(etc, spool, dir);
    },
  };
  for (const action of ['check', 'start']) {
    const r = await run(POSTFIX, ['-c', etc, action]);
    if (r.status !== 0) {
      await pf.stop().catch(() => undefined);
      throw new Error(`postfix ${action} failed (${r.status}): ${r.stderr}\n--- maillog ---\n${readLog()}`);
    }
  }
  try {
    await Promise.all(listening.map(([h, p]) => waitForPort(p, 10_000, h)));
  } catch (e) {
    const log = readLog();
    await pf.stop().catch(() => undefined);
    throw new Error(`${(e as Error).message}\n--- maillog ---\n${log}`, { cause: e });
  }
  return pf;
}

async function stopPostfix(etc: string, spool: string, dir: string): Promise<void> {
  const r = await run(POSTFIX!, ['-c', etc, 'stop']);
  if (r.status !== 0) {
    try {
      const pid = Number(fs.readFileSync(path.join(spool, 'pid', 'master.pid'), 'utf8').trim());
      if (pid > 1) process.kill(pid, 'SIGTERM');
    } catch {
      // no pid file: the master never started
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function postfixUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postfix:'));
  if (!line) throw new Error('there is no "postfix" user in /etc/passwd');
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number, host = '127.0.0.1'): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host, port });
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${host}:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command without a shell and without blocking the event loop (in-process servers keep serving). */
export function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr: stderr + String(e), ms: performance.now() - t0 });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

export type FingerVerdict = 'verified' | 'trusted' | 'untrusted' | 'no-tls' | 'failed';

export interface FingerResult {
  verdict: FingerVerdict;
  /** OpenSSL's verify error as posttls-finger logs it ("self-signed certificate", "hostname mismatch"); '' when none. */
  reason: string;
  /** The leaf's SHA-256 fingerprint when posttls-finger logged it (on verification failures). */
  fingerprint: string;
  /** The line the verdict was read from. */
  line: string;
  output: string;
  ms: number;
}

/**
 * posttls-finger's verdict on 127.0.0.1:port at security level "secure", trusting only `caFile`
 * (no public CA without -P/-F), checking `name` and sending it as SNI. `wrapper`: TLS from the first byte.
 */
export async function postTlsFinger(configDir: string, port: number, name: string, caFile: string, wrapper = false): Promise<FingerResult> {
  if (!POSTTLS_FINGER) throw new Error('posttls-finger is not installed');
  const args = ['-c', '-l', 'secure', '-F', caFile, '-s', name, ...(wrapper ? ['-w'] : []), `[127.0.0.1]:${port}`, name];
  const r = await run(POSTTLS_FINGER, args, { env: { ...process.env, MAIL_CONFIG: configDir }, timeoutMs: 30_000 });
  const output = `${r.stdout}${r.stderr}`;
  const lines = output.split('\n');
  const find = (re: RegExp) => lines.find((l) => re.test(l));
  let line: string | undefined;
  let verdict: FingerVerdict = 'failed';
  if ((line = find(/Verified TLS connection established/))) verdict = 'verified';
  else if ((line = find(/Trusted TLS connection established/))) verdict = 'trusted';
  else if ((line = find(/Untrusted TLS connection established/))) verdict = 'untrusted';
  else if ((line = find(/STARTTLS.*not (offered|supported)|TLS is required, but was not offered/i))) verdict = 'no-tls';
  // With -c (no chat log) a session without STARTTLS prints nothing at all and succeeds.
  else if (r.status === 0 && !/TLS/.test(output)) [verdict, line] = ['no-tls', '(no TLS line: STARTTLS was not offered)'];
  else line = lines.find((l) => /error|warning|fail/i.test(l)) ?? lines[0] ?? '';
  const reason = /verification failed for \S+: (?:num=\d+:)?(.*)$/m.exec(output)?.[1]?.trim() ?? '';
  const fingerprint = /, fingerprint=([0-9A-F:]+)/.exec(output)?.[1] ?? '';
  return { verdict, reason, fingerprint, line: line.trim(), output, ms: r.ms };
}
