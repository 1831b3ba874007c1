// Where an activation's time goes, outside VS Code: the extension's main loaded and activated in
// plain Node, each run a fresh process (bench/activate-in-node.cjs), postfix-lens (dist/) beside
// VS Code's CSS Language Features (its client bundle, from code-server's built-in extensions) and
// beside vscode-languageclient alone (bundled by esbuild as dist/client.js is, loaded, nothing run).
// CPU time, so that other processes on a busy machine do not inflate it. postfix-lens runs twice per
// round with one global storage: "first" (no compile cache yet) and "again" (with Node's compile
// cache when that Node has module.enableCompileCache, Node >= 22.1).
// Then each language server's start (spawn to its answer to initialize). bench/vscode.mjs runs both
// after its windows; standalone:
//   node scripts/build.mjs && node --import tsx bench/activation-node.mjs [CSS_LANGUAGE_FEATURES_DIR]
//   BENCH_NODE_RUNS=N (default 9), BENCH_NODE22=<a node >= 22.1> (the same with that Node too)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DRIVER = path.join(ROOT, 'bench', 'activate-in-node.cjs');

/** Lines of figures: per Node, the median CPU ms of loading and of activate() for each subject. */
export function plainNodeActivations({ cssDir, nodes = [process.execPath], runs = 9 } = {}) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-bench-activation-'));
  const env = { ...process.env };
  delete env.NODE_COMPILE_CACHE; // only the extension's own call turns the cache on
  try {
    // vscode-languageclient alone, bundled with the options of scripts/build.mjs.
    const lcOnly = path.join(work, 'lc-only', 'main.js');
    esbuild.buildSync({
      stdin: { contents: "export { LanguageClient } from 'vscode-languageclient/node';\nexport function activate() {}\n", resolveDir: ROOT, loader: 'ts' },
      outfile: lcOnly, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, external: ['vscode'], logLevel: 'error',
    });
    const css = cssDir && fs.existsSync(path.join(cssDir, 'package.json')) ? cssDir : undefined;
    const cssMain = css && path.join(css, `${JSON.parse(fs.readFileSync(path.join(css, 'package.json'), 'utf8')).main.replace(/\.js$/, '')}.js`);
    const lines = [];
    for (const node of nodes) {
      const version = execFileSync(node, ['-p', "process.version + ' ' + (typeof require('node:module').enableCompileCache === 'function' ? 'with' : 'without') + ' module.enableCompileCache'"], { encoding: 'utf8' }).trim();
      const got = { first: [], again: [], css: [], lc: [] };
      for (let i = 0; i < runs; i++) {
        const storage = path.join(work, `storage-${nodes.indexOf(node)}-${i}`);
        const once = (main, dir) => JSON.parse(execFileSync(node, [DRIVER, main, dir, storage], { encoding: 'utf8', env }));
        got.first.push(once(path.join(ROOT, 'dist', 'extension.js'), ROOT));
        got.again.push(once(path.join(ROOT, 'dist', 'extension.js'), ROOT));
        if (cssMain) got.css.push(once(cssMain, css));
        got.lc.push(once(lcOnly, path.dirname(lcOnly)));
      }
      const med = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      };
      const row = (label, list) => list.length === 0 ? `    ${label.padEnd(58)} not measured (no CSS Language Features here)` :
        `    ${label.padEnd(58)} load ${med(list.map((r) => r.loadCpuMs)).toFixed(0).padStart(3)} ms + activate() ${med(list.map((r) => r.activateCpuMs)).toFixed(0).padStart(3)} ms = ${med(list.map((r) => r.loadCpuMs + r.activateCpuMs)).toFixed(0).padStart(3)} ms CPU`;
      lines.push(`  Node ${version}, ${runs} runs, medians:`);
      lines.push(row('postfix-lens, first (dist/extension.js + dist/client.js)', got.first));
      lines.push(row('postfix-lens, again (same storage: compile cache if any)', got.again));
      lines.push(row('CSS Language Features (its client bundle)', got.css));
      lines.push(row('vscode-languageclient/node alone, loaded only (esbuild)', got.lc));
    }
    return lines;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Each language server started as its client starts it (Node, its bundle; ours with the client's
 * flags, client/src/server-process.ts) with --stdio, to its answer to `initialize`: wall ms, medians.
 */
export async function serverStarts({ cssDir, runs = 9 } = {}) {
  const { SERVER_ENV, SERVER_EXEC_ARGV } = await import('../client/src/server-process.ts'); // needs node --import tsx
  const cssServer = cssDir && path.join(cssDir, 'server', 'dist', 'node', 'cssServerMain.js');
  const subjects = [['postfix-lens (dist/server.js)', [...SERVER_EXEC_ARGV, path.join(ROOT, 'dist', 'server.js')], SERVER_ENV]];
  if (cssServer && fs.existsSync(cssServer)) subjects.push(['CSS Language Features (cssServerMain.js)', [cssServer], {}]);
  const lines = [];
  for (const [label, args, extraEnv] of subjects) {
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await initializeMs(args, extraEnv));
    times.sort((a, b) => a - b);
    lines.push(`    ${label.padEnd(58)} ${times[Math.floor(times.length / 2)].toFixed(0).padStart(4)} ms (${times[0].toFixed(0)}–${times.at(-1).toFixed(0)})`);
  }
  return lines;
}

/** Spawn to the answer to `initialize` over stdio (Content-Length framing), then the process is ended. */
function initializeMs(args, extraEnv) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const env = { ...process.env, ...extraEnv };
    delete env.NODE_EXTRA_CA_CERTS; // as in the other benchmarks: it costs every Node process its reading first
    const p = spawn(process.execPath, [...args, '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} } });
    p.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let out = '';
    const timer = setTimeout(() => (p.kill(), reject(new Error(`no answer to initialize from ${args.at(-1)}`))), 30_000);
    p.stdout.on('data', (d) => {
      out += d;
      if (/"id"\s*:\s*1/.test(out)) {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        p.kill();
        p.once('exit', () => resolve(ms));
      }
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const nodes = [process.execPath, ...(process.env.BENCH_NODE22 ? [process.env.BENCH_NODE22] : [])];
  const cssDir = process.argv[2] && path.resolve(process.argv[2]);
  const runs = Number(process.env.BENCH_NODE_RUNS ?? 9);
  const lines = plainNodeActivations({ cssDir, nodes, runs });
  console.log(['Activation in plain Node (bench/activation-node.mjs), a stand-in `vscode`, each run a fresh process:', ...lines].join('\n'));
  console.log(['  Language server start, spawn to the answer to initialize (stdio), median (min–max):', ...(await serverStarts({ cssDir, runs }))].join('\n'));
}
