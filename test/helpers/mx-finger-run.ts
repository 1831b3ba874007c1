// Run inside a network namespace whose /etc/resolv.conf names 127.0.0.1 (test/probe/mx-probe-finger
// .test.ts sets it up): the MX lab with its validating unbound on 127.0.0.1:53, then `probe --mx`
// (no --resolver: the namespace's resolv.conf, as for any tool) and posttls-finger -l dane on the
// same MX hosts. Prints one JSON line: our reports per domain and posttls-finger's verdict per host.
// Also run by bench/mx-probe.ts for its figures (with `--bench`).

import { performance } from 'node:perf_hooks';
import { runCliInProcess } from './cli';
import { startMxLab } from './mx-lab';
import { POSTTLS_FINGER, run } from './postfix-loopback';
import type { MxProbeReport } from '../../server/src/core/dns/mx-probe';

/** The domains compared, and the MX hosts posttls-finger is asked about ("[host]": no MX lookup). */
export const FINGER_DOMAINS = ['dane.good.test', 'ta.good.test', 'sts.good.test', 'mxp.insecure.test'];
export const FINGER_HOSTS = ['mx1.dane.good.test', 'mx2.dane.good.test', 'mx3.ta.good.test', 'mx4.ta.good.test', 'mx5.sts.good.test'];

export interface FingerDane {
  /** "Verified", "Trusted", "Untrusted", "Anonymous", or "none" when no such line came. */
  verdict: string;
  /** "Matched DANE EE certificate at depth 0: 3 1 1 …" and the like, or the verification failure line. */
  dane: string[];
  output: string;
  ms: number;
}

export interface FingerRun {
  ours: Record<string, { status: number; report: MxProbeReport; ms: number }>;
  finger: Record<string, FingerDane>;
  /** posttls-finger on the domain (MX lookup and all), for the domains whose MX set is unsigned. */
  fingerDomain: Record<string, FingerDane>;
}

export async function fingerDane(target: string, configDir: string): Promise<FingerDane> {
  const r = await run(POSTTLS_FINGER!, ['-t', '30', '-c', '-l', 'dane', '-P', '/etc/ssl/certs', target], { env: { ...process.env, MAIL_CONFIG: configDir }, timeoutMs: 60_000 });
  const output = `${r.stdout}${r.stderr}`;
  const verdict = /(Verified|Trusted|Untrusted|Anonymous) TLS connection established/.exec(output)?.[1] ?? 'none';
  const dane = output.split('\n').filter((l) => /DANE|TLSA|verification failed/.test(l)).map((l) => l.replace(/^posttls-finger: /, ''));
  return { verdict, dane, output, ms: r.ms };
}

async function main(): Promise<void> {
  const mx = await startMxLab({ base: 41, policy: false, validatingPort: 53 });
  try {
    const ours: FingerRun['ours'] = {};
    for (const d of FINGER_DOMAINS) {
      const t0 = performance.now();
      const r = await runCliInProcess(['probe', '--mx', d, '--json', ...mx.caFiles.flatMap((f) => ['--ca-file', f])]);
      ours[d] = { status: r.status, report: JSON.parse(r.stdout.toString()) as MxProbeReport, ms: performance.now() - t0 };
    }
    const finger: FingerRun['finger'] = {};
    for (const h of FINGER_HOSTS) finger[h] = await fingerDane(`[${h}]`, mx.postfix.configDir);
    const fingerDomain: FingerRun['fingerDomain'] = { 'mxp.insecure.test': await fingerDane('mxp.insecure.test', mx.postfix.configDir) };
    process.stdout.write(`${JSON.stringify({ ours, finger, fingerDomain } satisfies FingerRun)}\n`);
  } finally {
    await mx.stop();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
