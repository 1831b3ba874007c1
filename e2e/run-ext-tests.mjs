// Runs e2e/suite (mocha) inside code-server's extension host, the way @vscode/test-electron does with
// --extensionDevelopmentPath/--extensionTestsPath. code-server's CLI rejects those flags, but its web
// workbench takes them from the URL's `payload` parameter and reports the result through
// window.codeAutomationExit(code). The browser only hosts the workbench; nothing in the UI is driven.
// Usage: CS_URL=http://127.0.0.1:PORT node e2e/run-ext-tests.mjs <extensionDevelopmentPath> <extensionTestsPath> <folder>
// Exit status 0 only when mocha reported at least one passing test and none failing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
if (args.length !== 3) {
  console.error('usage: node e2e/run-ext-tests.mjs <extensionDevelopmentPath> <extensionTestsPath> <folder>');
  process.exit(2);
}
const [extDev, extTests, folder] = args.map((p) => path.resolve(p));
const base = new URL(process.env.CS_URL ?? 'http://127.0.0.1:18080');
const remote = (p) => `vscode-remote://${base.host}${p}`; // the remote authority is the page's Host
const payload = [
  ['extensionDevelopmentPath', remote(extDev)],
  ['extensionTestsPath', remote(extTests)],
];
const url = `${base.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
const TIMEOUT_MS = 120_000;

const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-ext-tests-'));
const ctx = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
let code = 1, passed = 0, failed = 0;
try {
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (c) => resolve(c)));
  // Extension-host console output (mocha's reporter) reaches the page console as "%c INFO", "color: ...", fmt, ...args.
  page.on('console', async (m) => {
    const parts = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '')));
    const line = typeof parts[0] === 'string' && parts[0].startsWith('%c')
      ? `${parts[0].slice(2).trim()} ${util.format(...parts.slice(2))}` : m.text();
    let r;
    if ((r = /(\d+) passing/.exec(line))) passed = +r[1];
    if ((r = /(\d+) failing/.exec(line))) failed = +r[1];
    if (process.env.VERBOSE || /passing|failing|pending|✔|✓|^\S+\s+\d+\) |AssertionError|expected|actual/.test(line)) console.log(line);
  });
  await page.goto(url);
  let timer;
  const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`extension tests timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS); });
  code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
} catch (e) {
  console.error(e);
} finally {
  await ctx.close();
  fs.rmSync(profileDir, { recursive: true, force: true });
}
console.log(`extension host tests exited with code ${code}`);
console.log(`ext-host: ${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);
