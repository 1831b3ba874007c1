// A real DNSSEC set-up on loopback, made fresh for a test file (signatures expire: only the unsigned
// zone text below is committed). Zones signed with ldns-signzone, served by nsd; a validating unbound
// (trust anchor: the root's DS made in this run) and a non-validating one in front of it. Where the
// tools are missing the tests skip loudly; under CI (CI set) they fail, because CI installs them.
// Facts it follows: ../shared/recipes/dnssec-lab.md.
//
//   .              signed, trust anchor          insecure.test  delegated without DS: insecure
//   test.          signed                        bogus.test     signed, a TLSA changed after signing
//   good.test      signed: MX, A, AAAA, TLSA, TXT, SRV, CNAME

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { lookup } from '../../server/src/io/dns/lookup';
import type { ResolverAddress } from '../../server/src/core/dns/types';

const execFileAsync = promisify(execFile);

const TOOLS = ['nsd', 'nsd-checkconf', 'unbound', 'unbound-checkconf', 'ldns-keygen', 'ldns-signzone', 'ldns-key2ds'];
const DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

function tool(name: string): string | null {
  for (const d of DIRS) if (fs.existsSync(path.join(d, name))) return path.join(d, name);
  return null;
}

/** Call at the top of a test (or a before hook's test) that needs the lab: false, after a loud skip, without the tools. */
export function needDnsLab(t: TestContext): boolean {
  const missing = TOOLS.filter((n) => tool(n) === null);
  if (missing.length === 0) return true;
  const why = `${missing.join(', ')} not installed (apt-get install nsd unbound ldnsutils): the DNSSEC tests DID NOT RUN`;
  if (process.env.CI) throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t.skip(why);
  return false;
}

export const labAvailable = (): boolean => TOOLS.every((n) => tool(n) !== null);

export interface DnsLab {
  /** nsd, authoritative for every zone. */
  authoritative: ResolverAddress;
  /** unbound validating from the root's DS: sets AD on signed data, SERVFAIL on bogus. */
  validating: ResolverAddress;
  /** unbound that does not validate: never sets AD. */
  plain: ResolverAddress;
  /** The TLSA "3 1 1" data (SHA-256 of the SPKI, hex) published at _25._tcp.mx.good.test. */
  tlsaHex: string;
  dir: string;
  stop(): Promise<void>;
}

const SOA = '@ 3600 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n@ 3600 IN NS ns.test.\n';

/** Lines added to a zone's text before it is signed, by zone: `{ 'good.test': ['mta-sts 3600 IN A 127.0.0.6'] }`. */
export type ExtraRecords = Readonly<Record<string, readonly string[]>>;

function zones(tlsa: string, extra: ExtraRecords = {}): Record<string, string> {
  const texts = baseZones(tlsa);
  for (const [zone, lines] of Object.entries(extra)) {
    if (texts[zone] === undefined) throw new Error(`dns-lab: no zone ${zone}`);
    texts[zone] += lines.map((l) => `${l}\n`).join('');
  }
  return texts;
}

function baseZones(tlsa: string): Record<string, string> {
  return {
    '.': `${SOA}ns.test. 3600 IN A 127.0.0.1\ntest. 3600 IN NS ns.test.\n`,
    test: `${SOA}ns 3600 IN A 127.0.0.1\ngood 3600 IN NS ns.test.\ninsecure 3600 IN NS ns.test.\nbogus 3600 IN NS ns.test.\n`,
    'good.test': [
      SOA,
      '@ 3600 IN MX 10 mx.good.test.',
      '@ 3600 IN MX 20 mx2.good.test.',
      'mx 3600 IN A 127.0.0.2',
      'mx 3600 IN AAAA ::2',
      'mx2 3600 IN A 127.0.0.3',
      `_25._tcp.mx 3600 IN TLSA 3 1 1 ${tlsa}`,
      '_mta-sts 3600 IN TXT "v=STSv1; id=20240101T000000"',
      '_smtp._tls 3600 IN TXT "v=TLSRPTv1; " "rua=mailto:tlsrpt@good.test"',
      '_submission._tcp 3600 IN SRV 0 1 587 mx.good.test.',
      'alias 3600 IN CNAME mx.good.test.',
      'alias2 3600 IN CNAME alias.good.test.',
      '',
    ].join('\n'),
    'insecure.test': `${SOA}@ 3600 IN MX 10 mx.insecure.test.\nmx 3600 IN A 127.0.0.4\n_25._tcp.mx 3600 IN TLSA 3 1 1 ${tlsa}\n`,
    'bogus.test': `${SOA}@ 3600 IN MX 10 mx.bogus.test.\nmx 3600 IN A 127.0.0.5\n_25._tcp.mx 3600 IN TLSA 3 1 1 ${tlsa}\n`,
  };
}

const SIGNED = ['good.test', 'bogus.test', 'test', '.'];
const fileOf = (zone: string) => (zone === '.' ? 'root.zone' : `${zone}.zone`);

/** Signs bottom-up: each child's DS goes into its parent before the parent is signed. Returns the root's DS. */
async function signZones(dir: string, texts: Record<string, string>): Promise<string> {
  const run = async (cmd: string, args: string[]) => (await execFileAsync(tool(cmd)!, args, { cwd: dir, encoding: 'utf8' })).stdout.trim();
  const ds: Record<string, string> = {};
  const now = Math.floor(Date.now() / 1000);
  const origin = (zone: string) => (zone === '.' ? '.' : `${zone}.`);
  for (const zone of Object.keys(texts).filter((z) => !SIGNED.includes(z))) fs.writeFileSync(path.join(dir, fileOf(zone)), `$ORIGIN ${zone}.\n${texts[zone]}`);
  // Keys do not depend on one another: made all at once. Signing follows the chain.
  const keys = await Promise.all(SIGNED.map((z) => Promise.all([run('ldns-keygen', ['-a', 'ECDSAP256SHA256', '-k', origin(z)]), run('ldns-keygen', ['-a', 'ECDSAP256SHA256', origin(z)])])));
  for (const [i, zone] of SIGNED.entries()) {
    const [ksk, zsk] = keys[i]!;
    const children = Object.keys(ds).filter((c) => c.endsWith(`.${zone}`) || (zone === '.' && !c.includes('.')));
    fs.writeFileSync(path.join(dir, fileOf(zone)), `$ORIGIN ${origin(zone)}\n${texts[zone]}${children.map((c) => `${ds[c]}\n`).join('')}`);
    // Signed an hour back, valid a week: a clock a little off does not make the lab bogus.
    await run('ldns-signzone', ['-i', String(now - 3600), '-e', String(now + 7 * 86400), '-o', origin(zone), fileOf(zone), ksk, zsk]);
    ds[zone] = await run('ldns-key2ds', ['-n', '-2', `${ksk}.key`]);
  }
  // The tampering: a TLSA record changed after signing, so its signature no longer verifies.
  const bogus = path.join(dir, 'bogus.test.zone.signed');
  const signed = fs.readFileSync(bogus, 'utf8').split('\n');
  const i = signed.findIndex((l) => /\tTLSA\t/.test(l) && !/\tRRSIG\t/.test(l));
  if (i === -1) throw new Error('dns-lab: no TLSA record in bogus.test.zone.signed to tamper with');
  signed[i] = signed[i]!.replace(/[0-9a-f]{64}$/, 'f'.repeat(64));
  fs.writeFileSync(bogus, signed.join('\n'));
  return ds['.']!;
}

/** A port free on 127.0.0.1 for both UDP and TCP at the moment of asking. */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    const tcp = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    await new Promise<void>((resolve) => (ok ? tcp.close(() => resolve()) : resolve()));
    if (ok) return port;
  }
}

function nsdConf(dir: string, port: number): string {
  const zoneLines = Object.keys(zones('')).map((z) => `zone:\n  name: "${z}"\n  zonefile: "${fileOf(z)}${SIGNED.includes(z) ? '.signed' : ''}"\n`);
  return `server:
  ip-address: 127.0.0.1
  port: ${port}
  do-ip6: no
  username: ""
  chroot: ""
  database: ""
  zonesdir: "${dir}"
  pidfile: "${dir}/nsd.pid"
  logfile: "${dir}/nsd.log"
  zonelistfile: "${dir}/zone.list"
  xfrdfile: "${dir}/xfrd.state"
  xfrdir: "${dir}"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
${zoneLines.join('')}`;
}

function unboundConf(dir: string, name: string, port: number, nsdPort: number, validate: boolean): string {
  const stubs = Object.keys(zones('')).map((z) => `stub-zone:\n  name: "${z === '.' ? '.' : `${z}.`}"\n  stub-addr: 127.0.0.1@${nsdPort}\n`);
  return `server:
  interface: 127.0.0.1
  port: ${port}
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "${dir}"
  pidfile: "${dir}/${name}.pid"
  logfile: "${dir}/${name}.log"
  use-syslog: no
  num-threads: 1
  so-reuseport: no
  module-config: "${validate ? 'validator iterator' : 'iterator'}"
${validate ? `  trust-anchor-file: "${dir}/root.ds"\n  val-log-level: 2\n` : ''}  do-not-query-localhost: no
  local-zone: "test." nodefault
  qname-minimisation: no
  # Records in the zone's (canonical) order on every answer: a test can know which address comes first.
  rrset-roundrobin: no
remote-control:
  control-enable: no
${stubs.join('')}`;
}

/** Polls with a real query until `server` answers `name` (no fixed sleep); throws with the logs after `ms`. */
async function waitUntilAnswering(server: ResolverAddress, name: string, ms: number, logs: () => string): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    const r = await lookup(name, 'A', { resolver: server, timeoutMs: 200, attempts: 1, deadlineMs: 500 });
    if (r.ok && r.answers.length > 0) return;
    if (performance.now() > end) throw new Error(`dns-lab: ${server.address}:${server.port} did not answer ${name}: ${JSON.stringify(r)}\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface DnsLabOptions {
  /**
   * The validating unbound's port on 127.0.0.1. Default: a free one. 53 for tools that read
   * /etc/resolv.conf, which has no port (posttls-finger, run in a network namespace).
   */
  validatingPort?: number;
}

/** `extra`: records a test adds (the address of a server it runs, say), signed with the rest. */
export async function startDnsLab(extra: ExtraRecords = {}, options: DnsLabOptions = {}): Promise<DnsLab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dnslab-'));
  const children: ChildProcess[] = [];
  // If the test process ends without its after() hook (a crash, a forced exit), the daemons go too.
  const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.pid !== undefined && process.kill(c.pid, 'SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    await Promise.all(children.map(stopChild));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    const tlsaHex = createHash('sha256').update(spki).digest('hex');
    fs.writeFileSync(path.join(dir, 'root.ds'), `${await signZones(dir, zones(tlsaHex, extra))}\n`);
    const [nsdPort, vPort, pPort] = [await freePort(), options.validatingPort ?? (await freePort()), await freePort()];
    const files: [string, string][] = [
      ['nsd.conf', nsdConf(dir, nsdPort)],
      ['unbound-v.conf', unboundConf(dir, 'unbound-v', vPort, nsdPort, true)],
      ['unbound-p.conf', unboundConf(dir, 'unbound-p', pPort, nsdPort, false)],
    ];
    for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
    await Promise.all([
      execFileAsync(tool('nsd-checkconf')!, [path.join(dir, 'nsd.conf')]),
      ...['unbound-v.conf', 'unbound-p.conf'].map((c) => execFileAsync(tool('unbound-checkconf')!, [path.join(dir, c)])),
    ]);
    // All three at once: an unbound asks nsd only when asked itself.
    for (const [cmd, conf] of [['nsd', 'nsd.conf'], ['unbound', 'unbound-v.conf'], ['unbound', 'unbound-p.conf']]) {
      children.push(spawn(tool(cmd!)!, ['-d', '-c', path.join(dir, conf!)], { stdio: 'ignore' }));
    }
    const logs = () => ['nsd.log', 'unbound-v.log', 'unbound-p.log'].map((f) => readTail(path.join(dir, f))).join('\n');
    const lab: DnsLab = {
      authoritative: { address: '127.0.0.1', port: nsdPort },
      validating: { address: '127.0.0.1', port: vPort },
      plain: { address: '127.0.0.1', port: pPort },
      tlsaHex,
      dir,
      stop,
    };
    await waitUntilAnswering(lab.authoritative, 'mx.good.test', 10_000, logs);
    await Promise.all([waitUntilAnswering(lab.validating, 'mx.good.test', 10_000, logs), waitUntilAnswering(lab.plain, 'mx.good.test', 10_000, logs)]);
    return lab;
  } catch (e) {
    await stop();
    throw e;
  }
}

function readTail(file: string): string {
  try {
    return `--- ${path.basename(file)}\n${fs.readFileSync(file, 'utf8').slice(-4000)}`;
  } catch {
    return `--- ${path.basename(file)}: none`;
  }
}

/** SIGTERM by PID, then SIGKILL if it has not gone in 5 s; resolves when it has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}
