// Peak memory and wall time on inputs built to exhaust memory (issue 12): a 29 KB main.cf whose
// smtpd_tls_chain_files names a file of almost 1 MiB a thousand times, and main.cf or master.cf files
// of 4 MiB. For `postfix-lens check` (a whole process: peak RSS from getrusage, via
// test/helpers/peak-rss.cjs) and for the language server over stdio (peak RSS from VmHWM, time from
// didOpen to the diagnostics), plain `node dist/server.js` and as the VS Code client starts it.
// Prints medians of BENCH_MEMORY_RUNS runs (default 3); asserts nothing.
// Run: node scripts/build.mjs && node --import tsx bench/memory.ts

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runCliMeasured } from '../test/helpers/cli';
import { LspClient, SERVER } from '../test/helpers/lsp-client';
import { fixtures } from '../test/helpers/certificates';
import { bigMainCf, bigMasterCf, type MainShape, type MasterShape } from '../test/helpers/big-config';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../client/src/server-process';

const RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
const MIB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function row(label: string, peaks: number[], times: number[]): void {
  console.log(`  ${label.padEnd(84)} peak ${median(peaks).toFixed(0).padStart(5)} MiB   ${median(times).toFixed(0).padStart(6)} ms`);
}

/** A directory with main.cf (and master.cf) as given. */
function configDir(main: string, master?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-memory-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  if (master !== undefined) fs.writeFileSync(path.join(dir, 'master.cf'), master);
  return dir;
}

function check(label: string, dir: string): void {
  const peaks: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = runCliMeasured(['check', '--json', dir], { timeout: 600_000 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`check ${dir} exited ${r.status}: ${r.stderr}`);
    peaks.push(r.peakMiB);
    times.push(r.wallMs);
  }
  row(`check: ${label}`, peaks, times);
}

type Variant = 'plain' | 'client';

/** Opens `file` (its text from disk) in a fresh server; the first diagnostics that satisfy `done`. */
async function lsp(label: string, variant: Variant, file: string, languageId: string, done: (codes: unknown[]) => boolean, trusted = true): Promise<void> {
  const peaks: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const args = [...(variant === 'client' ? SERVER_EXEC_ARGV : []), SERVER, '--stdio'];
    const env = variant === 'client' ? Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`) : [];
    // env(1) execs node, so the process measured keeps the PID spawned.
    const client = new LspClient([], env.length ? { command: 'env', args: [...env, process.execPath, ...args] } : { command: process.execPath, args });
    try {
      await client.initialize({}, { trusted });
      const uri = pathToFileURL(file).toString();
      const text = fs.readFileSync(file, 'latin1');
      const t0 = performance.now();
      await client.open(uri, text, languageId);
      await client.waitForDiagnostics(uri, (d) => done(d.map((x) => x.code)), 600_000);
      times.push(performance.now() - t0);
      peaks.push(client.peakRssMiB());
    } finally {
      await client.shutdown();
    }
  }
  row(`server (${variant === 'plain' ? 'plain node' : 'as VS Code starts it'}): ${label}`, peaks, times);
}

async function main(): Promise<void> {
  console.log(`memory on hostile inputs — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}; median of ${RUNS} runs (peak resident set size, wall time)`);
  const dirs: string[] = [];
  try {
    const small = configDir('myhostname = mail.example.com\n');
    dirs.push(small);
    console.log('\nFor comparison');
    check('a one-line main.cf', small);
    // 1. A 29 KB main.cf naming a file of almost 1 MiB a thousand times.
    const f = fixtures();
    let pem = f.leaf.key + f.leaf.cert + f.intermediate.cert;
    while (pem.length + f.root.cert.length < MIB - 4096) pem += f.root.cert;
    const chainDir = configDir('');
    dirs.push(chainDir);
    const big = path.join(chainDir, 'big-chain.pem');
    fs.writeFileSync(big, pem);
    const chainMain = `smtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${Array(1000).fill(big).join(', ')}\n`;
    fs.writeFileSync(path.join(chainDir, 'main.cf'), chainMain);
    console.log(`\n${(chainMain.length / 1024).toFixed(0)} KB main.cf: smtpd_tls_chain_files names a ${(pem.length / MIB).toFixed(2)} MiB file 1000 times`);
    check('the directory', chainDir);
    for (const v of ['plain', 'client'] as const) await lsp('open main.cf (untrusted workspace)', v, path.join(chainDir, 'main.cf'), 'postfix-main-cf', (c) => c.includes('cert-not-checked'), false);

    // 2. master.cf of 4 MiB beside a one-line main.cf.
    for (const shape of ['services', 'one-line'] satisfies MasterShape[]) {
      const dir = configDir('myhostname = mail.example.com\n', bigMasterCf(4 * MIB, shape));
      dirs.push(dir);
      console.log(`\n4 MiB master.cf (${shape}) beside a one-line main.cf`);
      check('the directory', dir);
      for (const v of ['plain', 'client'] as const) {
        await lsp('open main.cf (master.cf beside it is not read)', v, path.join(dir, 'main.cf'), 'postfix-main-cf', (c) => c.includes('config-file-too-large'));
        await lsp('open master.cf itself', v, path.join(dir, 'master.cf'), 'postfix-master-cf', (c) => c.length > 0);
      }
    }
    for (const shape of ['pipes', 'continued', 'split-words'] satisfies MasterShape[]) {
      const dir = configDir('myhostname = mail.example.com\n', bigMasterCf(4 * MIB, shape));
      dirs.push(dir);
      check(`4 MiB master.cf (${shape})`, dir);
    }

    // 3. main.cf of 4 MiB.
    console.log('\n4 MiB main.cf');
    for (const shape of ['lines', 'one-line', 'references', 'duplicates'] satisfies MainShape[]) {
      const dir = configDir(bigMainCf(4 * MIB, shape));
      dirs.push(dir);
      check(`4 MiB main.cf (${shape})`, dir);
    }
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

void main();
