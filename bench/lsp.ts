// The language server as an editor sees it, over real JSON-RPC on stdio: time from a didChange to
// its diagnostics on a 700-line main.cf naming three certificate files (median and 95th percentile
// over 200 edits, the debounce subtracted; the target figure is the steady state, edits 41 to 200,
// the first 40, while V8 is still compiling the analysis, shown apart), whether such edits read any
// certificate file again (counted with strace when it is installed), hover on a certificate parameter, and the server's
// memory after opening a 50,000-line main.cf (in that session, and in fresh servers with and without
// the Node flags and malloc settings the VS Code client gives the server). Prints figures; asserts nothing.
// Run: node scripts/build.mjs && node --import tsx bench/lsp.ts
//   BENCH_EDITS=N (default 200), BENCH_STRACE=0 (no strace), BENCH_BIG=0 (no 50,000-line file),
//   BENCH_PLAIN=1 (the timed session without the VS Code client's flags and malloc settings),
//   BENCH_LOG=1 (print the server's log: failures),
//   BENCH_SERIES=1 (every edit's wall/CPU ms), BENCH_NODE_ARGS="--cpu-prof ..." (server's Node flags),
//   BENCH_SERVER=path (another server bundle).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, SERVER } from '../test/helpers/lsp-client';
import { fixtures } from '../test/helpers/certificates';
import { generateMainCf, MASTER_CF } from './generate';
import { DEBOUNCE_MS } from '../server/src/lsp/diagnostics';
import { TimingNotification, type TimingParams } from '../server/src/protocol';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../client/src/server-process';

const EDITS = Number(process.env.BENCH_EDITS ?? 200);
/** The first edits, while V8 is still compiling the analysis: shown apart from the steady state. */
const FIRST = 40;
/** Node flags for the server process (BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** The server bundle (BENCH_SERVER=path, e.g. an unminified build for profiling). */
const SERVER_JS = process.env.BENCH_SERVER ?? SERVER;
/** BENCH_PLAIN=1: the timed session runs plain `node dist/server.js`, without the VS Code client's flags. */
const PLAIN = process.env.BENCH_PLAIN === '1';
/** BENCH_BIG=0 skips the 50,000-line file. */
const BIG = process.env.BENCH_BIG !== '0';

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function peakMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main() {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-lsp-'));
  const cert = f.file('lsp-rsa.crt', f.leaf.cert + f.intermediate.cert);
  const key = f.file('lsp-rsa.key', f.leaf.key);
  const ec = f.ec ? f.file('lsp-ec.crt', f.ec.p256.cert + f.ec.p256.key) : cert;
  const sub = f.file('lsp-sub.crt', f.wildcard.cert + f.intermediate.cert + f.wildcard.key);
  const certs = [cert, key, ec, sub];
  const base = generateMainCf(700) + `smtpd_tls_cert_file = ${cert}\nsmtpd_tls_key_file = ${key}\nsmtpd_tls_eccert_file = ${ec}\nsmtpd_tls_security_level = may\n`;
  const master = MASTER_CF.replace('  -o smtpd_tls_security_level=encrypt\n', `  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_cert_file=${sub}\n`);
  fs.writeFileSync(path.join(dir, 'main.cf'), base);
  fs.writeFileSync(path.join(dir, 'master.cf'), master);
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();

  // Under strace (when available) to count opens of the certificate files.
  const traceFile = path.join(dir, 'trace');
  const strace = process.env.BENCH_STRACE !== '0' && spawnSync('strace', ['-V']).status === 0;
  // The server as the VS Code client starts it, unless BENCH_PLAIN=1 (plain `node dist/server.js`).
  const sessionEnv = PLAIN ? [] : Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`);
  const sessionCommand = [...(sessionEnv.length ? ['env', ...sessionEnv] : []), process.execPath, ...(PLAIN ? [] : SERVER_EXEC_ARGV), ...NODE_ARGS, SERVER_JS, '--stdio'];
  const client = new LspClient(
    [],
    strace
      ? { command: 'strace', args: ['-f', '-e', 'trace=openat,open', '-o', traceFile, ...sessionCommand] }
      : { command: sessionCommand[0]!, args: sessionCommand.slice(1) },
  );
  const publishes: { at: number; params: PublishDiagnosticsParams }[] = [];
  // This replaces the test client's own handler: the benchmark waits on its own list.
  client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    publishes.push({ at: performance.now(), params: p });
  });
  const published = async (u: string, version?: number, from = 0) => {
    for (;;) {
      const hit = publishes.slice(from).find((p) => p.params.uri === u && (version === undefined || p.params.version === version));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  type Timing = TimingParams;
  const timings: Timing[] = [];
  client.conn.onNotification(TimingNotification.type, (t) => {
    timings.push(t);
  });
  await client.initialize({ hostnames: ['smtp.example.com'], extraCaFile: f.file('lsp-root.pem', f.root.cert) }, { timing: true });
  await client.open(uri, base);
  await published(uri);
  await new Promise((r) => setTimeout(r, 500));
  const opensBefore = strace ? countOpens(traceFile, certs) : 0;

  const lines = base.split('\n');
  const banner = lines.findIndex((l) => l.startsWith('smtpd_banner'));
  const samples: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    lines[banner] = `smtpd_banner = $myhostname ESMTP edit ${i}`;
    const version = i + 2;
    const start = performance.now();
    const seen = publishes.length;
    await client.change(uri, version, lines.join('\n'));
    const hit = await published(uri, version, seen);
    samples.push(hit.at - start - DEBOUNCE_MS);
  }
  await new Promise((r) => setTimeout(r, 300));
  const opensAfter = strace ? countOpens(traceFile, certs) : 0;

  const certLine = lines.findIndex((l) => l.startsWith('smtpd_tls_cert_file'));
  if (process.env.BENCH_LOG === '1') console.log(client.logMessages.map((l) => `  log: ${l}`).join('\n'));
  const hovers: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await client.hover(uri, { line: certLine, character: 25 });
    hovers.push(performance.now() - t);
  }

  console.log(`language server over stdio${strace ? ' (under strace, which slows system calls)' : ''}, 700-line main.cf with three certificate files; the server runs ${PLAIN ? 'as plain `node dist/server.js`' : `as the VS Code client starts it (${[...sessionEnv, 'node', ...SERVER_EXEC_ARGV].join(' ')})`}:`);
  const server = timings.slice(-EDITS);
  const row = (label: string, list: Timing[]) => {
    const of = (k: 'analysisMs' | 'totalMs' | 'cpuMs') => list.map((x) => x[k]);
    const cpu = list.every((x) => typeof x.cpuMs === 'number') ? `; CPU median ${pct(of('cpuMs'), 0.5).toFixed(2)} ms, p95 ${pct(of('cpuMs'), 0.95).toFixed(2)} ms` : '';
    console.log(`    ${label.padEnd(42)} total median ${pct(of('totalMs'), 0.5).toFixed(2)} ms, p95 ${pct(of('totalMs'), 0.95).toFixed(2)} ms; analysis median ${pct(of('analysisMs'), 0.5).toFixed(2)} ms, p95 ${pct(of('analysisMs'), 0.95).toFixed(2)} ms${cpu}`);
  };
  console.log(`  didChange -> diagnostics, measured by the server (analysis + certificate checks + sending), ${server.length} edits:`);
  // The target: after V8 has compiled the analysis with its optimising compiler (the server does
  // nothing to hurry that up), which the first edits pay for; they are shown apart.
  if (server.length > FIRST) row(`steady state, edits ${FIRST + 1}-${server.length} (the target)`, server.slice(FIRST));
  row(`the first ${Math.min(FIRST, server.length)} edits`, server.slice(0, FIRST));
  row(`all ${server.length} edits`, server);
  console.log('    (CPU: of the whole process, all threads; unlike the wall-clock total, other processes on a busy machine do not inflate it)');
  const certificates = server.map((x) => x.certificatesMs);
  console.log(`    certificates, all edits: median ${pct(certificates, 0.5).toFixed(2)} ms, p95 ${pct(certificates, 0.95).toFixed(2)} ms (cached: stat calls only)`);
  if (process.env.BENCH_SERIES === '1') {
    // Per edit, in order, wall/CPU ms: the JIT's compiling shows at the start, collections as isolated spikes.
    for (let i = 0; i < server.length; i += 20) console.log(`    edits ${i}-${i + 19}: ${server.slice(i, i + 20).map((x) => `${x.totalMs.toFixed(1)}/${x.cpuMs.toFixed(1)}`).join(' ')}`);
  }
  const first = server[0]?.certificateCache;
  const last = server[server.length - 1]?.certificateCache;
  if (first && last) {
    console.log(`    certificate files read during those edits: ${last.misses - first.misses}; certificate analyses run: ${last.resultMisses - first.resultMisses}`);
  }
  console.log(`  didChange -> diagnostics seen by the client, the ${DEBOUNCE_MS} ms debounce subtracted: median ${pct(samples, 0.5).toFixed(2)} ms, p95 ${pct(samples, 0.95).toFixed(2)} ms`);
  if (strace) console.log(`  certificate files opened during the ${EDITS} edits that did not touch a certificate path: ${opensAfter - opensBefore}`);
  console.log(`  hover on smtpd_tls_cert_file (round trip): median ${pct(hovers.slice(3), 0.5).toFixed(2)} ms, p95 ${pct(hovers.slice(3), 0.95).toFixed(2)} ms`);
  const pid = strace ? childPid(client.proc.pid!) : client.proc.pid!;
  console.log(`  server memory (RSS) with this file open: ${rssMiB(pid).toFixed(1)} MiB`);

  if (BIG) await openBig(client, pid, dir, publishes, published);
  await stop(client);
  if (BIG) {
    console.log('  memory of a fresh server (RSS, MiB; the peak so far in brackets), certificate checks included:');
    console.log('    after initialize | 700-line main.cf open | 50,000-line main.cf open too | 1 s later');
    // The last one is how the VS Code client starts the server (client/src/server-process.ts).
    const clientEnv = Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`);
    const variants: [string[], string[]][] = [
      [[], []],
      [[...SERVER_EXEC_ARGV], []],
      [[...SERVER_EXEC_ARGV], clientEnv.filter((e) => e.startsWith('MALLOC_ARENA_MAX='))],
      [[...SERVER_EXEC_ARGV], clientEnv],
    ];
    for (const [flags, env] of variants) {
      const m = await memory(flags, dir, base, f.file('lsp-root.pem', f.root.cert), env);
      console.log(`    ${m.map((x) => x.toFixed(1)).join(' | ').replace(/ \| ([\d.]+) \| ([\d.]+)$/, ' [$1] | $2')}   ${[...env, 'node', ...flags, 'dist/server.js'].join(' ')}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** RSS of a fresh server: after initialize, with the 700-line main.cf open, then the 50,000-line one too (and the peak), 1 s later. */
async function memory(flags: string[], dir: string, base: string, extraCaFile: string, env: string[] = []): Promise<number[]> {
  // env(1) execs node, so the process measured keeps the PID spawned.
  const args = [...NODE_ARGS, ...flags, SERVER_JS, '--stdio'];
  const client = new LspClient([], env.length ? { command: 'env', args: [...env, process.execPath, ...args] } : { command: process.execPath, args });
  const pid = client.proc.pid!;
  const settle = () => new Promise((r) => setTimeout(r, 300));
  try {
    await client.initialize({ hostnames: ['smtp.example.com'], extraCaFile });
    await settle();
    const out = [rssMiB(pid)];
    const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    await client.open(uri, base);
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    await settle();
    out.push(rssMiB(pid));
    const bigUri = pathToFileURL(path.join(dir, 'big', 'main.cf')).toString();
    await client.open(bigUri, generateMainCf(50_000));
    await client.waitForDiagnostics(bigUri, () => true, 60_000);
    out.push(rssMiB(pid), peakMiB(pid));
    await new Promise((r) => setTimeout(r, 1000));
    out.push(rssMiB(pid));
    return out;
  } finally {
    await stop(client);
  }
}

async function openBig(client: LspClient, pid: number, dir: string, publishes: { at: number; params: PublishDiagnosticsParams }[], published: (u: string, v?: number, from?: number) => Promise<unknown>) {
  const bigUri = pathToFileURL(path.join(dir, 'big', 'main.cf')).toString();
  fs.mkdirSync(path.join(dir, 'big'));
  const big = generateMainCf(50_000);
  const t = performance.now();
  const before = publishes.length;
  await client.open(bigUri, big);
  await published(bigUri, undefined, before);
  console.log(`  opening a 50,000-line main.cf: first diagnostics after ${(performance.now() - t).toFixed(0)} ms; server memory (RSS) then ${rssMiB(pid).toFixed(1)} MiB`);
}

/** Shut the server down and let it exit by itself (so that --cpu-prof and the like write their files). */
async function stop(client: LspClient): Promise<void> {
  const exited = new Promise((r) => client.proc.once('exit', r));
  try {
    await client.conn.sendRequest('shutdown');
    await client.conn.sendNotification('exit');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    /* already gone */
  }
  client.conn.dispose();
  client.proc.kill();
}

function countOpens(trace: string, paths: string[]): number {
  const text = fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '';
  return text.split('\n').filter((l) => paths.some((p) => l.includes(`"${p}"`))).length;
}

/** The node process strace started (its child). */
function childPid(stracePid: number): number {
  const r = spawnSync('pgrep', ['-P', String(stracePid)], { encoding: 'utf8' });
  return Number(r.stdout.trim().split('\n')[0]) || stracePid;
}

void main();
