// postfix-lens beside VS Code's built-in CSS Language Features (vscode.css-language-features, also a
// vscode-languageclient client with a Node language server), in real VS Code: code-server with the
// .vsix installed, as scripts/e2e-code-server.sh sets it up (BENCH_VSCODE=1 npm run e2e runs this
// after the tests). Figures only: nothing passes or fails.
//
// Each round starts one fresh code-server profile (new user data and extensions folder, the .vsix
// installed) per extension, in turn, and opens browser tabs on fresh copies of the E2E workspace, to
// which a style.css with a syntax error is added. Each tab is a new window, so VS Code starts a new
// extension host and the extension activates anew when its file is opened (main.cf, or style.css):
//   - cold: the first window of the fresh profile (the first activation after an install: no compile
//     cache, no storage folder yet), main.cf or style.css clicked once the window has settled;
//   - cached: later windows of the same profile (a second window, or a reload), clicked once the
//     window has settled, or at once (as soon as the Explorer lists the file, while the window is
//     still starting its extension host and built-in extensions).
// Each window measures:
//   - activation: code loading + activate(), as VS Code's "Developer: Show Running Extensions" reports it;
//   - open to the first squiggle: from the click in the Explorer to the first error/warning decoration
//     in the editor (a MutationObserver in the page; includes activating the extension, starting its
//     language server, analysing the file and painting);
//   - open to the status bar showing the file's language (VS Code's own part, for comparison).
// Prints medians and spreads and writes them to bench/out/vscode.md (scripts/bench-all.mjs puts that
// file into docs/benchmarks.md) and bench/out/vscode.json.
// Usage: CS_BIN=<code-server> CS_VSIX=<postfix-lens .vsix> [CS_SETTINGS=<settings.json for each profile>] \
//          node --import tsx bench/vscode.mjs <workspace made by e2e/make-workspace.mjs>
//        BENCH_VSCODE_ROUNDS=N (default 3: N fresh profiles per extension), BENCH_VSCODE_CACHED=N
//        (default 2: cached windows of each kind per profile), BENCH_VSCODE_SETTLE_MS (default 8000),
//        BENCH_NODE_RUNS, BENCH_NODE22 (bench/activation-node.mjs, run after the windows)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, runCommand } from '../e2e/workbench.mjs';
import { plainNodeActivations, serverStarts } from './activation-node.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_VSCODE_ROUNDS ?? 3);
const CACHED = Number(process.env.BENCH_VSCODE_CACHED ?? 2);
const SETTLE_MS = Number(process.env.BENCH_VSCODE_SETTLE_MS ?? 8000);
const template = process.argv[2] && path.resolve(process.argv[2]);
const csBin = process.env.CS_BIN && path.resolve(process.env.CS_BIN);
const vsix = process.env.CS_VSIX && path.resolve(process.env.CS_VSIX);
if (!template || !fs.existsSync(path.join(template, 'main.cf')) || !csBin || !fs.existsSync(csBin) || !vsix || !fs.existsSync(vsix)) {
  console.error('usage: CS_BIN=<code-server> CS_VSIX=<.vsix> [CS_SETTINGS=<settings.json>] node --import tsx bench/vscode.mjs <workspace with main.cf>');
  process.exit(2);
}
const settings = process.env.CS_SETTINGS ? fs.readFileSync(process.env.CS_SETTINGS, 'utf8') : JSON.stringify({
  'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'git.enabled': false,
});

// A syntax error the CSS language service reports as an error ("property value expected").
const CSS_TEXT = 'body {\n  margin: 0;\n}\n\n.broken {\n  color: ;\n}\n';
const SUBJECTS = [
  { key: 'ours', title: 'postfix-lens', row: 'Postfix Lens', file: 'main.cf', language: 'Postfix main.cf' },
  { key: 'css', title: 'CSS Language Features', row: 'CSS Language Features', file: 'style.css', language: 'CSS' },
];
const cssExtension = path.resolve(fs.realpathSync(csBin), '..', '..', '..', 'lib', 'vscode', 'extensions', 'css-language-features');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-bench-vscode-'));
const ctx = await launchBrowser(path.join(work, 'chromium'));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A fresh profile with the .vsix installed, and code-server serving it (in a process group of its own). */
async function startProfile(name) {
  const dir = path.join(work, name);
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), settings);
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(csBin, [...args, '--install-extension', vsix, '--force'], { stdio: 'ignore' });
  const log = fs.openSync(path.join(dir, 'code-server.log'), 'w');
  const proc = spawn(csBin, [...args, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (proc.exitCode !== null || i > 300) throw new Error(`code-server did not start; see ${path.join(dir, 'code-server.log')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => stopGroup(proc.pid) };
}

/** Ends code-server and its helpers (file watcher, pty host, extension hosts, language servers): its process group. */
async function stopGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 200));
  if (alive()) process.kill(-pid, 'SIGKILL');
}

let windows = 0;
/** One window on a fresh copy of the workspace: click the subject's file, after `settleMs` or at once. */
async function oneWindow(url, subject, settleMs) {
  const folder = path.join(work, `ws-${++windows}`);
  fs.cpSync(template, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'style.css'), CSS_TEXT);
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  try {
    const t0 = Date.now();
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    const item = page.getByRole('treeitem', { name: subject.file });
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
    const clickedAt = await page.evaluate(() => performance.now());
    await item.click();
    await page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${subject.language.replace(/\./g, '\\.')}\\s*$`) }).first().waitFor();
    const languageAt = await page.evaluate(() => performance.now());
    const squiggleAt = await page.evaluate(() => window.__firstSquiggle);

    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: subject.row }).first();
    const activation = row.locator('.activation-time');
    await activation.filter({ hasText: /\d+ms/ }).waitFor({ timeout: 30_000 });
    const activationText = await activation.innerText();
    return {
      workbenchMs,
      languageMs: languageAt - clickedAt,
      squiggleMs: squiggleAt - clickedAt,
      activationMs: Number(/(\d+)ms/.exec(activationText)[1]),
      startup: /Startup/.test(activationText),
    };
  } finally {
    await page.close();
  }
}

/** Every window measured: { subject, kind: 'cold' | 'cached', mode: 'settled' | 'at once', round, ...figures }. */
const results = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    // Which extension's profile comes first alternates, so neither always follows the other.
    const order = round % 2 ? SUBJECTS : [...SUBJECTS].reverse();
    for (const subject of order) {
      const profile = await startProfile(`round-${round}-${subject.key}`);
      try {
        const plan = [['cold', SETTLE_MS], ...Array.from({ length: CACHED }, () => [['cached', 0], ['cached', SETTLE_MS]]).flat()];
        for (const [kind, settleMs] of plan) {
          const r = { subject: subject.key, kind, mode: settleMs ? 'settled' : 'at once', round, ...(await oneWindow(profile.url, subject, settleMs)) };
          results.push(r);
          console.log(`round ${round}, ${subject.title}, ${kind}, ${r.mode}: open ${subject.file} to first squiggle ${r.squiggleMs.toFixed(0)} ms, ` +
            `to its language shown ${r.languageMs.toFixed(0)} ms, activation ${r.activationMs} ms${r.startup ? ' (at start-up)' : ''}, workbench ${r.workbenchMs} ms`);
        }
      } finally {
        await profile.stop();
      }
    }
  }
} finally {
  await ctx.close();
  fs.rmSync(work, { recursive: true, force: true });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, min: s[0], max: s.at(-1) };
};
const cell = (xs) => {
  if (xs.length === 0) return 'no such run'.padEnd(30);
  const { n, median, min, max } = stats(xs);
  return `${median.toFixed(0).padStart(5)} ms (${min.toFixed(0)}–${max.toFixed(0)}, ${n})`.padEnd(30);
};
const pick = (subject, kind, mode, field) => results.filter((r) => r.subject === subject && r.kind === kind && r.mode === mode).map((r) => r[field]);
const row = (label, kind, mode, field) => `  ${label.padEnd(52)} ${cell(pick('ours', kind, mode, field))} ${cell(pick('css', kind, mode, field))}`;

/** Bytes of JavaScript each extension loads at activation (its main and what that requires of its own files), and its server's main. */
function sizes() {
  const kib = (f) => (fs.existsSync(f) ? fs.statSync(f).size / 1024 : NaN);
  const cssPkg = JSON.parse(fs.readFileSync(path.join(cssExtension, 'package.json'), 'utf8'));
  const cssMain = path.join(cssExtension, `${cssPkg.main.replace(/\.js$/, '')}.js`);
  // Its server is cssServerMain.js and the chunks it loads (webpack's NNN.cssServerMain.js).
  const serverDir = path.join(cssExtension, 'server', 'dist', 'node');
  const cssServer = fs.readdirSync(serverDir).filter((f) => /cssServerMain\.js$/.test(f)).reduce((sum, f) => sum + kib(path.join(serverDir, f)), 0);
  return {
    ours: { client: kib(path.join(ROOT, 'dist', 'extension.js')) + kib(path.join(ROOT, 'dist', 'client.js')), server: kib(path.join(ROOT, 'dist', 'server.js')) },
    css: { client: kib(cssMain), server: cssServer },
  };
}
const sz = sizes();
// Where the time goes, outside VS Code (bench/activation-node.mjs): after the windows, on the same machine.
const plainNode = plainNodeActivations({
  cssDir: cssExtension,
  nodes: [process.execPath, ...(process.env.BENCH_NODE22 ? [process.env.BENCH_NODE22] : [])],
  runs: Number(process.env.BENCH_NODE_RUNS ?? 9),
});
const starts = await serverStarts({ cssDir: cssExtension, runs: Number(process.env.BENCH_NODE_RUNS ?? 9) });
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const head = `  ${''.padEnd(52)} ${'postfix-lens (main.cf)'.padEnd(30)} ${'CSS Language Features (.css)'.padEnd(30)}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by bench/vscode.mjs (\`BENCH_VSCODE=1 npm run e2e\` runs it): postfix-lens ${version} installed from its .vsix into`,
  `code-server 4.100.3 (VS Code 1.100.3, extension host on Node ${process.version}: no module.enableCompileCache), Debian's Chromium headless;`,
  `${cpu} × ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)} at the end. ${ROUNDS} rounds; per round and extension a fresh profile (new user data,`,
  `the .vsix installed): its first window "cold", then ${CACHED} "cached" windows of each kind. "Settled": the file clicked once the window was left`,
  `alone ${SETTLE_MS / 1000} s; "at once": as soon as the Explorer lists it. Each window is new, so each starts a new extension host. Median (min–max, runs):`,
  '',
  head,
  row('activation (code loading + activate()), cold, settled', 'cold', 'settled', 'activationMs'),
  row('activation, cached, settled', 'cached', 'settled', 'activationMs'),
  row('activation, cached, at once', 'cached', 'at once', 'activationMs'),
  row('open to first squiggle, cold, settled', 'cold', 'settled', 'squiggleMs'),
  row('open to first squiggle, cached, settled', 'cached', 'settled', 'squiggleMs'),
  row('open to first squiggle, cached, at once', 'cached', 'at once', 'squiggleMs'),
  row('open to the language in the status bar, cached, settled', 'cached', 'settled', 'languageMs'),
  row('open to the language in the status bar, cached, at once', 'cached', 'at once', 'languageMs'),
  '',
  `JavaScript loaded at activation: postfix-lens ${sz.ours.client.toFixed(0)} KiB (dist/extension.js + dist/client.js), CSS Language Features ${sz.css.client.toFixed(0)} KiB (its client bundle);`,
  `language server bundle: ${sz.ours.server.toFixed(0)} KiB (dist/server.js) and ${sz.css.server.toFixed(0)} KiB (cssServerMain.js and its chunks).`,
  'Activation as VS Code\'s "Developer: Show Running Extensions" reports it. The first squiggle includes activation, starting the language',
  'server (Node, over IPC, for both), analysing the file (main.cf: with master.cf and the certificate) and painting.',
  '',
  'The same activations in plain Node (bench/activation-node.mjs: a stand-in `vscode`, each run a fresh process; CPU time):',
  ...plainNode,
  '  Language server start, spawn to the answer to initialize (stdio), median (min–max):',
  ...starts,
];
const text = lines.join('\n');
console.log(`\n${text}`);
fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'vscode.md'), text + '\n');
fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'vscode.json'), JSON.stringify({ date: new Date().toISOString(), cpu, cpus: os.cpus().length, loadavg: os.loadavg(), settleMs: SETTLE_MS, rounds: ROUNDS, cached: CACHED, sizesKiB: sz, results }, null, 2) + '\n');
console.log(`\nwritten to ${path.join('bench', 'out', 'vscode.md')} (npm run bench copies it into docs/benchmarks.md)`);
