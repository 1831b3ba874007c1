// The live probe beside posttls-finger and `openssl s_client -starttls smtp`, against the same
// throwaway Postfix on loopback (test/helpers/postfix-loopback.ts): medians of several runs, in
// process (probe()) and as whole processes (node dist/cli.js probe ...), with Node's own start-up
// beside them. Medians with the 10th-90th percentile spread. Prints figures; asserts nothing.
//
// What each one does: the probe reads the greeting, EHLO, STARTTLS, the handshake, EHLO again, QUIT,
// and judges the chain; posttls-finger does about the same; `openssl s_client` stops after the
// handshake (with -starttls smtp it reads the greeting and EHLO first; on an implicit-TLS port it
// does not even wait for the greeting, which there comes ~40 ms late: the server's Nagle meets the
// client's delayed ACK on loopback, see ../shared/recipes/postfix-on-loopback.md).
//
// Whole processes run without NODE_EXTRA_CA_CERTS: when it is set, every Node process reads and
// parses that CA file at start (tens of milliseconds for a system bundle) before any of our code
// runs, and the probe does not use it (its verdict is from Node's bundled roots and --ca-file). The
// cost of the setting on this machine, when set, is printed.
// Run: node scripts/build.mjs && node --import tsx bench/probe.ts   (BENCH_RUNS=N, default 15; root only)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { probe } from '../server/src/io/probe/probe';
import { fixtures } from '../test/helpers/certificates';
import { POSTFIX, POSTTLS_FINGER, postTlsFinger, run, startLoopbackPostfix } from '../test/helpers/postfix-loopback';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const NAME = 'mail.example.com';

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function row(label: string, samples: number[], note = ''): void {
  const spread = `${pct(samples, 0.1).toFixed(1)}-${pct(samples, 0.9).toFixed(1)}`;
  console.log(`  ${label.padEnd(52)} median ${median(samples).toFixed(1).padStart(7)} ms   p10-p90 ${spread.padStart(13)} ms${note ? `   ${note}` : ''}`);
}

/** The environment for whole processes: this one without NODE_EXTRA_CA_CERTS (see the top). */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env };
delete CHILD_ENV.NODE_EXTRA_CA_CERTS;

async function times(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn(); // warm up (the first connection to each service spawns an smtpd)
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  if (!POSTFIX || process.getuid?.() !== 0) {
    console.log('bench/probe.ts needs Postfix and root; skipped.');
    return;
  }
  const f = fixtures();
  const caFile = f.file('bench-probe-ca.pem', f.root.cert);
  const caPem = fs.readFileSync(caFile, 'utf8');
  const chain = f.leaf.key + f.leaf.cert + f.intermediate.cert;
  const pf = await startLoopbackPostfix([
    { name: 'starttls', chainPem: chain },
    { name: 'implicit', chainPem: chain, overrides: { smtpd_tls_wrappermode: 'yes', smtpd_tls_security_level: 'encrypt' } },
    { name: 'leaf-only', chainPem: f.leaf.key + f.leaf.cert },
  ]);
  try {
    console.log(`probe benchmark: ${RUNS} runs each, Postfix on 127.0.0.1, RSA 2048 chain, ${process.version}\n`);
    console.log('Node start-up alone:');
    row('node -e 0', await times(() => run(process.execPath, ['-e', '0'], { env: CHILD_ENV })));
    if (process.env.NODE_EXTRA_CA_CERTS) {
      row('node -e 0 with this NODE_EXTRA_CA_CERTS (not used below)', await times(() => run(process.execPath, ['-e', '0'])), process.env.NODE_EXTRA_CA_CERTS);
    }
    console.log('');
    for (const [label, port, mode] of [
      ['STARTTLS, good chain', pf.ports.starttls!, 'starttls'],
      ['implicit TLS, good chain', pf.ports.implicit!, 'tls'],
      ['STARTTLS, leaf only (refused)', pf.ports['leaf-only']!, 'starttls'],
    ] as const) {
      console.log(`${label} (port ${port}):`);
      let last: Awaited<ReturnType<typeof probe>> | undefined;
      const inProcess = await times(async () => {
        last = await probe({ host: '127.0.0.1', port, mode, hostnames: [NAME], caPem, timeoutMs: 15_000 });
      });
      row('postfix-lens probe(), in process', inProcess, `outcome ${last?.outcome}, handshake ${last?.timings.handshakeMs} ms`);
      if (fs.existsSync(CLI)) {
        const args = [CLI, 'probe', ...(mode === 'tls' ? ['--tls'] : []), '--hostname', NAME, '--ca-file', caFile, `127.0.0.1:${port}`];
        row('node dist/cli.js probe (whole process)', await times(() => run(process.execPath, args, { env: CHILD_ENV })));
        row('node dist/cli.js --version (process start only)', await times(() => run(process.execPath, [CLI, '--version'], { env: CHILD_ENV })));
      } else console.log('  (dist/cli.js is missing: node scripts/build.mjs)');
      if (POSTTLS_FINGER) {
        let verdict = '';
        const s = await times(async () => (verdict = (await postTlsFinger(pf.configDir, port, NAME, caFile, mode === 'tls')).verdict));
        row('posttls-finger -c -l secure (whole process)', s, verdict);
      }
      const sClient = ['s_client', ...(mode === 'tls' ? [] : ['-starttls', 'smtp']), '-connect', `127.0.0.1:${port}`, '-servername', NAME, '-verify_hostname', NAME, '-CAfile', caFile, '-verify_return_error'];
      let status: number | null = null;
      const o = await times(async () => (status = (await run('openssl', sClient, { timeoutMs: 15_000 })).status));
      row(`openssl s_client (whole process)${mode === 'tls' ? ', no greeting read' : ''}`, o, `exit ${status}`);
      console.log('');
    }
  } finally {
    await pf.stop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
