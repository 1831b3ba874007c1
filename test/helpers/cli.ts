// Running the command line in process (fast, for many cases) or as a real process (dist/cli.js).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { run } from '../../server/src/cli';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const PEAK_RSS = path.join(__dirname, 'peak-rss.cjs');

export interface CliResult {
  stdout: Buffer;
  stderr: string;
  status: number;
}

export async function runCliInProcess(args: string[]): Promise<CliResult> {
  const out: Buffer[] = [];
  let err = '';
  const status = await run(args, {
    out: (t) => void out.push(Buffer.from(t, 'utf8')),
    outBytes: (b) => void out.push(Buffer.from(b)),
    err: (t) => void (err += t),
  });
  return { stdout: Buffer.concat(out), stderr: err, status };
}

export function runCli(args: string[], options: { input?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: options.input, timeout: options.timeout ?? 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1 };
}

/**
 * runCli() with the child's peak resident set size, MiB (test/helpers/peak-rss.cjs reports it as the
 * process exits) and wall time, ms.
 */
export function runCliMeasured(args: string[], options: { timeout?: number } = {}): CliResult & { peakMiB: number; wallMs: number } {
  const file = path.join(os.tmpdir(), `postfix-lens-peak-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', PEAK_RSS, CLI, ...args], {
    timeout: options.timeout ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PEAK_RSS_FILE: file },
  });
  const wallMs = performance.now() - t0;
  let peakMiB = NaN;
  try {
    peakMiB = Number(fs.readFileSync(file, 'utf8')) / 1024;
    fs.rmSync(file, { force: true });
  } catch {
    /* the child died before it could say: NaN fails any bound */
  }
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1, peakMiB, wallMs };
}
