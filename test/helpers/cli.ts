// Running the command line in process (fast, for many cases) or as a real process (dist/cli.js).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { run } from '../../server/src/cli';
import { terminalIo } from '../../server/src/cli/io';

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
  const status = await run(
    args,
    terminalIo({
      stdout: (c) => void out.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c)),
      stderr: (c) => void (err += c),
    }),
  );
  return { stdout: Buffer.concat(out), stderr: err, status };
}

export function runCli(args: string[], options: { input?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: options.input, timeout: options.timeout ?? 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1 };
}

/** A real process, without blocking this one (for servers the test itself runs). stderr as bytes too. */
export function runCliAsyncProcess(args: string[], options: { timeout?: number } = {}): Promise<CliResult & { stderrBytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeout ?? 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    p.on('close', (code) => {
      const stderrBytes = Buffer.concat(err);
      resolve({ stdout: Buffer.concat(out), stderr: stderrBytes.toString(), stderrBytes, status: code ?? -1 });
    });
  });
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
