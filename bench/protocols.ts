// `probe --protocols` beside testssl.sh (`testssl --starttls smtp -p -E`, Debian's package) on the
// same throwaway Postfix on loopback, set up twice as in test/probe/protocols-postfix.test.ts: TLS
// 1.2+ with strong suites, and TLS 1.0+ with every suite OpenSSL has at security level 0. Our
// enumeration in process (medians of BENCH_RUNS runs) and as a whole process; testssl.sh once per
// set-up (it takes a minute or more), alone on the machine, with the options the test uses. Prints
// figures; asserts nothing. The target (issue 15): at most a tenth of testssl.sh's time.
// Run: node scripts/build.mjs && node --import tsx bench/protocols.ts   (BENCH_RUNS=N, default 5; root only)

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { enumerateProtocols } from '../server/src/io/probe/enumerate';
import { fixtures } from '../test/helpers/certificates';
import { POSTFIX, run, startLoopbackPostfix } from '../test/helpers/postfix-loopback';
import { TESTSSL, testssl } from '../test/helpers/testssl';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const SETUPS = {
  strong: { smtpd_tls_protocols: '>=TLSv1.2', smtpd_tls_ciphers: 'high', smtpd_tls_exclude_ciphers: 'aNULL,kRSA', tls_preempt_cipherlist: 'yes' },
  weak: { smtpd_tls_protocols: '>=TLSv1', smtpd_tls_ciphers: 'low', tls_low_cipherlist: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' },
} as const;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function line(label: string, ms: number, note = ''): void {
  console.log(`  ${label.padEnd(56)} ${ms.toFixed(0).padStart(8)} ms${note ? `   ${note}` : ''}`);
}

async function main(): Promise<void> {
  if (!POSTFIX || process.getuid?.() !== 0) {
    console.log('Postfix is not installed or this is not root: nothing measured.');
    return;
  }
  const f = fixtures();
  const chainPem = f.leaf.key + f.leaf.cert + f.intermediate.cert;
  const pf = await startLoopbackPostfix(Object.entries(SETUPS).map(([name, overrides]) => ({ name, chainPem, overrides: { ...overrides } })));
  console.log(`probe --protocols beside testssl.sh on a loopback Postfix; ${RUNS} runs of ours per set-up, testssl.sh once; ${process.version}\n`);
  try {
    for (const name of Object.keys(SETUPS) as (keyof typeof SETUPS)[]) {
      const port = pf.ports[name]!;
      await enumerateProtocols({ host: '127.0.0.1', port }); // the first connections spawn the smtpd processes
      const inProcess: number[] = [];
      let connections = 0;
      let suites = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const r = await enumerateProtocols({ host: '127.0.0.1', port });
        inProcess.push(performance.now() - t0);
        connections = r.connections;
        suites = r.protocols.reduce((n, p) => n + p.ciphers.length, 0);
      }
      const whole: number[] = [];
      for (let i = 0; i < RUNS; i++) whole.push((await run(process.execPath, [CLI, 'probe', '--protocols', `127.0.0.1:${port}`], { timeoutMs: 120_000 })).ms);
      console.log(`${name}: ${suites} suites over the versions accepted, ${connections} connections per run`);
      line('probe --protocols, in process (median)', median(inProcess));
      line('node dist/cli.js probe --protocols (median)', median(whole));
      if (TESTSSL) {
        const t = await testssl(port);
        const n = Object.values(t.suites).reduce((a, s) => a + s.length, 0);
        line('testssl --starttls smtp -p -E --fast (once)', t.ms, `${n} suites listed; ours as a whole process: ${((median(whole) / t.ms) * 100).toFixed(1)} % of it`);
      } else console.log('  testssl.sh is not installed: not compared');
      console.log('');
    }
  } finally {
    await pf.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
