// Running the command line in process (fast, for many cases) or as a real process (dist/cli.js).

import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { run } from '../../server/src/cli';
import { terminalIo } from '../../server/src/cli/io';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

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
