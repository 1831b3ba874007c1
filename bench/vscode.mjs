// Extension activation and first diagnostics in a real VS Code: code-server with the .vsix installed,
// as scripts/e2e-code-server.sh sets it up (BENCH_VSCODE=1 npm run e2e runs this after the tests).
// Each run opens a new browser tab on a fresh copy of the E2E workspace, so VS Code starts a new
// extension host and the extension activates anew (onLanguage:postfix-main-cf). Twice per run: once
// clicking main.cf as soon as the Explorer lists it (the window is still starting its extension host
// and built-in extensions: what a user sees who opens a folder and a file at once), once in a window
// left to settle for SETTLE_MS first. Each measures:
//   - open main.cf to the first squiggle: from the click in the Explorer to the first error/warning
//     decoration in the editor (a MutationObserver in the page; includes activating the extension,
//     starting the language server, analysing the file and its certificate, and painting);
//   - open main.cf to the editor showing "Postfix main.cf" (VS Code's own part, for comparison);
//   - activation: code loading + activate() of the extension, as VS Code's "Developer: Show Running
//     Extensions" view reports it. The extension compiles its client from a V8 code cache in its
//     global storage, written by the first window a few seconds after it activated; so the first
//     runs ("cold") start with the cache removed and are reported apart from the others ("cached").
// Prints medians and spreads and writes them to bench/out/vscode.md (scripts/bench-all.mjs puts that
// file into docs/benchmarks.md) and bench/out/vscode.json. Figures only: nothing passes or fails.
// Usage: CS_URL=http://127.0.0.1:PORT CS_USER_DATA=<code-server's --user-data-dir> \
//          node bench/vscode.mjs <workspace made by e2e/make-workspace.mjs>
//        BENCH_VSCODE_RUNS=N (default 5), BENCH_VSCODE_COLD_RUNS=N (default 3),
//        BENCH_VSCODE_SETTLE_MS (default 8000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, runCommand } from '../e2e/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:18080';
const RUNS = Number(process.env.BENCH_VSCODE_RUNS ?? 5);
const COLD_RUNS = Number(process.env.BENCH_VSCODE_COLD_RUNS ?? 3);
const SETTLE_MS = Number(process.env.BENCH_VSCODE_SETTLE_MS ?? 8000);
const template = process.argv[2] && path.resolve(process.argv[2]);
const userData = process.env.CS_USER_DATA && path.resolve(process.env.CS_USER_DATA);
if (!template || !fs.existsSync(path.join(template, 'main.cf')) || !userData || !fs.existsSync(userData)) {
  console.error('usage: CS_URL=... CS_USER_DATA=<code-server user data dir> node bench/vscode.mjs <workspace with main.cf>');
  process.exit(2);
}

// The extension's code caches (client/src/extension.ts): <user data>/User/globalStorage/<extension id>/client-*.v8cache.
function codeCaches() {
  const root = path.join(userData, 'User', 'globalStorage');
  const found = [];
  for (const dir of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (!dir.includes('postfix-lens')) continue;
    for (const f of fs.readdirSync(path.join(root, dir))) if (/^client-.*\.v8cache$/.test(f)) found.push(path.join(root, dir, f));
  }
  return found;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-bench-vscode-'));
const ctx = await launchBrowser(path.join(work, 'chromium'));

/**
 * One window. cold: the code cache is removed just before main.cf is clicked (earlier windows' extension
 * hosts live on and may write it meanwhile); waitForCache: the window stays open until the extension
 * has written its cache. The result says whether a cache was there when the extension activated.
 */
async function oneRun(i, settleMs, { cold = false, waitForCache = false } = {}) {
  const folder = path.join(work, `ws-${i}-${settleMs}`);
  fs.cpSync(template, folder, { recursive: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  try {
    const t0 = Date.now();
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(folder)}`);
    const item = page.getByRole('treeitem', { name: 'main.cf' });
    await item.waitFor();
    const workbenchMs = Date.now() - t0;
    if (settleMs) await page.waitForTimeout(settleMs);
    await page.evaluate(() => {
      window.__firstSquiggle = new Promise((resolve) => {
        const seen = () => document.querySelector('.editor-instance .monaco-editor [class*="squiggly-"]');
        const obs = new MutationObserver(() => {
          if (seen()) {
            obs.disconnect();
            resolve(performance.now());
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });
    });
    if (cold) for (const f of codeCaches()) fs.rmSync(f, { force: true });
    const cache = codeCaches().length > 0;
    const clickedAt = await page.evaluate(() => performance.now());
    await item.click();
    await page.locator('.statusbar-item', { hasText: 'Postfix main.cf' }).first().waitFor();
    const languageAt = await page.evaluate(() => performance.now());
    const squiggleAt = await page.evaluate(() => window.__firstSquiggle);

    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Postfix Lens' }).first();
    const activation = row.locator('.activation-time');
    await activation.filter({ hasText: /\d+ms/ }).waitFor({ timeout: 30_000 });
    const activationText = await activation.innerText();
    if (waitForCache) {
      const until = Date.now() + 60_000;
      while (codeCaches().length === 0 && Date.now() < until) await page.waitForTimeout(250);
      if (codeCaches().length === 0) throw new Error('the extension wrote no code cache within 60 s of its activation');
    }
    return {
      workbenchMs,
      languageMs: languageAt - clickedAt,
      squiggleMs: squiggleAt - clickedAt,
      activationMs: Number(/(\d+)ms/.exec(activationText)[1]),
      startup: /Startup/.test(activationText),
      cache,
    };
  } finally {
    await page.close();
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const fmt = (label, xs) => {
  if (xs.length === 0) return `  ${label.padEnd(60)} no such run`;
  const { median, min, max } = stats(xs);
  return `  ${label.padEnd(60)} median ${median.toFixed(0).padStart(5)} ms   min ${min.toFixed(0).padStart(5)}   max ${max.toFixed(0).padStart(5)}`;
};

const runs = [];
const settled = [];
try {
  // Cold: no code cache, as in the first window after installing or updating the extension.
  for (let i = 1; i <= COLD_RUNS; i++) {
    for (const [list, settle] of [[runs, 0], [settled, SETTLE_MS]]) {
      const r = await oneRun(`cold-${i}`, settle, { cold: true, waitForCache: i === COLD_RUNS && settle > 0 });
      list.push(r);
      report(`cold ${i}/${COLD_RUNS}`, settle, r);
    }
  }
  // Cached: the cache the last cold window wrote.
  for (let i = 1; i <= RUNS; i++) {
    for (const [list, settle] of [[runs, 0], [settled, SETTLE_MS]]) {
      const r = await oneRun(i, settle);
      list.push(r);
      report(`cached ${i}/${RUNS}`, settle, r);
    }
  }
} finally {
  await ctx.close();
  fs.rmSync(work, { recursive: true, force: true });
}
function report(label, settle, r) {
  console.log(`run ${label}${settle ? `, window settled ${settle} ms` : ', at once'}: open main.cf to first squiggle ${r.squiggleMs.toFixed(0)} ms, ` +
    `to its language shown ${r.languageMs.toFixed(0)} ms, activation ${r.activationMs} ms${r.cache ? ' (code cache)' : ' (no code cache)'}${r.startup ? ' (at start-up)' : ''}, workbench ${r.workbenchMs} ms`);
}
const activation = (list, cache) => list.filter((r) => r.cache === cache).map((r) => r.activationMs);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const vsix = (() => {
  const p = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return `${p.name} ${p.version}`;
})();
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`BENCH_VSCODE=1 npm run e2e\` (bench/vscode.mjs): ${vsix} installed from its .vsix into`,
  `code-server 4.100.3 (VS Code 1.100.3), Debian's Chromium headless; ${cpu} × ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)} at the end, Node ${process.version}.`,
  `${runs.length} runs of each kind (${COLD_RUNS} cold, ${RUNS} cached), each in a new browser tab on a fresh copy of the E2E workspace (examples/ + a self-signed certificate),`,
  'so each starts a new extension host and activates the extension anew. "At once": main.cf clicked as soon as the',
  `Explorer lists it; "settled": the window left alone ${SETTLE_MS / 1000} s first (its extension host and built-in extensions started).`,
  '"Cold": the extension\'s V8 code cache removed just before main.cf is clicked, as in the first window after an install or',
  'an update; "cached": with the cache an earlier window wrote a few seconds after its activation (code loading from it).',
  '',
  fmt('at once: open main.cf to first squiggle', runs.map((r) => r.squiggleMs)),
  fmt('at once: open main.cf to "Postfix main.cf" (VS Code alone)', runs.map((r) => r.languageMs)),
  fmt(`at once: activation, code loading + activate(), cached (${activation(runs, true).length})`, activation(runs, true)),
  fmt(`at once: activation, code loading + activate(), cold (${activation(runs, false).length})`, activation(runs, false)),
  fmt('settled: open main.cf to first squiggle', settled.map((r) => r.squiggleMs)),
  fmt('settled: open main.cf to "Postfix main.cf" (VS Code alone)', settled.map((r) => r.languageMs)),
  fmt(`settled: activation, code loading + activate(), cached (${activation(settled, true).length})`, activation(settled, true)),
  fmt(`settled: activation, code loading + activate(), cold (${activation(settled, false).length})`, activation(settled, false)),
  fmt('workbench load to the Explorer listing main.cf', [...runs, ...settled].map((r) => r.workbenchMs)),
  '',
  'Activation as VS Code\'s "Developer: Show Running Extensions" reports it. The first squiggle includes activation, starting',
  'the language server (node dist/server.js over IPC), analysing main.cf, master.cf and the certificate, and painting.',
];
const text = lines.join('\n');
console.log(`\n${text}`);
fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'vscode.md'), text + '\n');
fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'vscode.json'), JSON.stringify({ date: new Date().toISOString(), cpu, cpus: os.cpus().length, loadavg: os.loadavg(), settleMs: SETTLE_MS, coldRuns: COLD_RUNS, atOnce: runs, settled }, null, 2) + '\n');
console.log(`\nwritten to ${path.join('bench', 'out', 'vscode.md')} (npm run bench copies it into docs/benchmarks.md)`);
