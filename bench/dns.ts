// DNS figures (issue 14): what `check --dns` adds to `check` for a configuration with three domains
// asked of the local validating resolver, and `probe --mx` beside posttls-finger -l dane on the same
// MX hosts. Medians with the 10th-90th percentile spread; prints figures, asserts nothing.
//
// posttls-finger has no resolver option, so the whole run happens in a network namespace whose
// resolv.conf names the lab's validating unbound on 127.0.0.1:53 (test/helpers/netns.ts): this
// script creates it and runs itself inside. The MX hosts are test/helpers/mx-lab.ts's: a real
// Postfix on port 25 of five loopback addresses, TLSA records in the signed lab zone.
// Run: node scripts/build.mjs && node --import tsx bench/dns.ts   (BENCH_RUNS=N, default 15; root only)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gatherMxProbe } from '../server/src/io/dns/mx-probe';
import { runCliInProcess } from '../test/helpers/cli';
import { labAvailable } from '../test/helpers/dns-lab';
import { fingerDane } from '../test/helpers/mx-finger-run';
import { startMxLab } from '../test/helpers/mx-lab';
import { createNetns, IP } from '../test/helpers/netns';
import { POSTFIX, POSTTLS_FINGER, run } from '../test/helpers/postfix-loopback';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const INSIDE = 'POSTFIX_LENS_BENCH_NETNS';
/** As bench/probe.ts: whole processes without NODE_EXTRA_CA_CERTS, which every Node process would parse at start. */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env };
delete CHILD_ENV.NODE_EXTRA_CA_CERTS;

const sorted = (s: number[]) => [...s].sort((a, b) => a - b);
const median = (s: number[]) => sorted(s)[Math.floor(s.length / 2)]!;
const pct = (s: number[], p: number) => sorted(s)[Math.min(s.length - 1, Math.floor(s.length * p))]!;

function row(label: string, samples: number[], note = ''): void {
  const spread = `${pct(samples, 0.1).toFixed(1)}-${pct(samples, 0.9).toFixed(1)}`;
  console.log(`  ${label.padEnd(68)} median ${median(samples).toFixed(1).padStart(7)} ms   p10-p90 ${spread.padStart(13)} ms${note ? `   ${note}` : ''}`);
}

async function times(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn(); // warm up: the resolver's cache, the first smtpd of each service
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Runs this script again inside a fresh network namespace and passes its output through. */
async function outside(): Promise<void> {
  if (!POSTFIX || !POSTTLS_FINGER || !IP || process.getuid?.() !== 0 || !labAvailable()) {
    console.log('bench/dns.ts needs root, Postfix (posttls-finger), iproute2, nsd, unbound and ldnsutils; skipped.');
    return;
  }
  const ns = await createNetns(`pl-bench-dns-${process.pid}`);
  try {
    const argv = ns.exec([process.execPath, '--import', 'tsx', __filename]);
    const r = await run(argv[0]!, argv.slice(1), { env: { ...process.env, [INSIDE]: ns.name }, timeoutMs: 600_000 });
    process.stdout.write(r.stdout);
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exitCode = 1;
    }
  } finally {
    await ns.remove();
  }
}

async function inside(): Promise<void> {
  const mx = await startMxLab({ base: 41, policy: false, validatingPort: 53 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-dns-'));
  try {
    const resolver = '127.0.0.1:53';
    console.log(`DNS benchmark: ${RUNS} runs each, in a network namespace; nsd + validating unbound on loopback; Postfix on port 25 of 127.0.0.41-45; ${process.version}\n`);

    // (a) check --dns on three domains: their MX, A, AAAA, _mta-sts and _smtp._tls, and TLSA of the hosts that are this server.
    fs.writeFileSync(
      path.join(dir, 'main.cf'),
      ['myhostname = mx1.dane.good.test', 'mydomain = one.good.test', 'mydestination = $mydomain', 'virtual_mailbox_domains = dane.good.test, ta.good.test', 'smtpd_tls_security_level = may', ''].join('\n'),
    );
    console.log('check on a main.cf with three domains (one.good.test, dane.good.test, ta.good.test):');
    const base = await times(() => runCliInProcess(['check', dir]));
    const dns = await times(() => runCliInProcess(['check', '--dns', '--resolver', resolver, dir]));
    row('check, in process', base);
    row('check --dns, in process', dns, `adds ${(median(dns) - median(base)).toFixed(1)} ms (median minus median)`);
    const baseP = await times(() => run(process.execPath, [CLI, 'check', dir], { env: CHILD_ENV }));
    const dnsP = await times(() => run(process.execPath, [CLI, 'check', '--dns', '--resolver', resolver, dir], { env: CHILD_ENV }));
    row('node dist/cli.js check', baseP);
    row('node dist/cli.js check --dns', dnsP, `adds ${(median(dnsP) - median(baseP)).toFixed(1)} ms`);
    console.log('');

    // (b) probe --mx beside posttls-finger -l dane on the same MX hosts.
    const ca = mx.caFiles.flatMap((f) => ['--ca-file', f]);
    for (const [domain, hosts] of [
      ['one.good.test', ['mx1.dane.good.test']],
      ['dane.good.test', ['mx1.dane.good.test', 'mx2.dane.good.test']],
    ] as const) {
      console.log(`${domain}: ${hosts.length} MX host${hosts.length === 1 ? '' : 's'} (${hosts.join(', ')})`);
      row('probe --mx, in process (lookups, probes, judging)', await times(() => runCliInProcess(['probe', '--mx', domain, ...ca])));
      row('  of which the lookups and probes (gatherMxProbe)', await times(() => gatherMxProbe({ domain })));
      row('node dist/cli.js probe --mx', await times(() => run(process.execPath, [CLI, 'probe', '--mx', domain, ...ca], { env: CHILD_ENV })));
      const finger = await times(async () => {
        for (const h of hosts) await fingerDane(`[${h}]`, mx.postfix.configDir);
      });
      row(`posttls-finger -l dane "[host]", each host in turn`, finger);
      row('posttls-finger -l dane DOMAIN (MX lookup; stops at the first host)', await times(() => fingerDane(domain, mx.postfix.configDir)));
      console.log('');
    }
    row('node -e 0 (Node start-up alone)', await times(() => run(process.execPath, ['-e', '0'], { env: CHILD_ENV })));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await mx.stop();
  }
}

(process.env[INSIDE] ? inside() : outside()).catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
