// Running the command line in process (fast, for many cases) or as a real process (dist/cli.js).

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { run } from '../../server/src/cli';

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
