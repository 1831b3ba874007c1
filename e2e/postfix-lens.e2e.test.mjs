// UI-level E2E test of the packaged extension in code-server (VS Code 1.100.3 in the browser), driven by
// Debian's Chromium through playwright-core. Run by scripts/e2e-code-server.sh:
//   CS_URL=http://127.0.0.1:PORT CS_WORKSPACE=<folder from e2e/make-workspace.mjs> SHOT_DIR=... node --test e2e/
// The tests run in order and share one page: open main.cf (squiggle, Problems), then hover, then completion.
// Selectors are VS Code internals (.squiggly-*, .markers-panel, .monaco-hover, .suggest-widget): pinned
// to code-server 4.100.3 by the script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, runCommand as runPaletteCommand } from './workbench.mjs';
import smtpServer from './smtp-server.js';

const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:18080';
const WORKSPACE = process.env.CS_WORKSPACE;
const SHOT_DIR = path.resolve(process.env.SHOT_DIR ?? '.vscode-test/shots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CERT_NAME = 'other.example.org'; // the name e2e/make-workspace.mjs puts in the certificate
const DNS_RESOLVER = process.env.CS_DNS_RESOLVER; // scripts/e2e-dns-lab.ts's validating resolver
assert.ok(WORKSPACE, 'set CS_WORKSPACE to a folder made by e2e/make-workspace.mjs');

let ctx, page, profileDir, editor;
const t0 = Date.now();
const lap = (what) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
const norm = (s) => s.replace(/\u00a0/g, ' '); // Monaco renders spaces as NBSP
const shot = async (name) => {
  await page.screenshot({ path: path.join(SHOT_DIR, name) });
  lap(`screenshot ${path.join(SHOT_DIR, name)}`);
};

before(async () => {
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-e2e-'));
  ctx = await launchBrowser(profileDir, CHROMIUM);
  page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  // This file's own pictures (the script removes the older ones): no stale picture passes for a new one.
  for (const name of ['statusbar.png', 'probe-targets.png', 'probe.png', 'dns.png']) fs.rmSync(path.join(SHOT_DIR, name), { force: true });
  // The DNS check test asks the DNSSEC lab the script started (its validating unbound), about one
  // domain of its own besides the configuration's: set before the workspace opens, so the language
  // server has them from the start. postfixLens.dns.enabled stays off: nothing else queries DNS.
  if (DNS_RESOLVER) {
    fs.mkdirSync(path.join(WORKSPACE, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(WORKSPACE, '.vscode', 'settings.json'), JSON.stringify({ 'postfixLens.dns.resolver': DNS_RESOLVER, 'postfixLens.dns.domains': ['e2e.good.test'] }, null, 2));
  }
  lap('browser up');
});

after(async () => {
  await ctx?.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

/** F1, the command's title, Enter. */
const runCommand = (title) => runPaletteCommand(page, title);

/** Viewport coordinates of the middle of `needle` on the editor line that starts with `lineStart`. */
async function pointAt(lineStart, needle) {
  return page.evaluate(([lineStart, needle]) => {
    const clean = (s) => s.replace(/\u00a0/g, ' ');
    const line = [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')]
      .find((l) => clean(l.textContent).startsWith(lineStart));
    if (!line) return undefined;
    const at = clean(line.textContent).indexOf(needle);
    if (at < 0) return undefined;
    // Walk the text nodes to the character in the middle of the needle, and measure it.
    let rest = at + Math.floor(needle.length / 2);
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (rest < n.length) {
        const r = document.createRange();
        r.setStart(n, rest);
        r.setEnd(n, rest + 1);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      rest -= n.length;
    }
    return undefined;
  }, [lineStart, needle]);
}

test('main.cf shows postfix-lens diagnostics as squiggles and in the Problems panel', async () => {
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
  await page.locator('.monaco-workbench').waitFor();
  const item = page.getByRole('treeitem', { name: 'main.cf' });
  await item.waitFor();
  lap('workbench visible');

  // Timing for issue "benchmarks": from the click that opens main.cf to the first squiggle, measured in
  // the page by a MutationObserver (no polling delay). Includes activating the extension and starting
  // the language server. Printed, never asserted.
  await page.evaluate(() => {
    window.__firstSquiggle = new Promise((resolve) => {
      const seen = () => document.querySelector('.editor-instance .monaco-editor [class*="squiggly-"]');
      const obs = new MutationObserver(() => {
        if (seen()) { obs.disconnect(); resolve(performance.now()); }
      });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
  });
  const clickedAt = await page.evaluate(() => performance.now());
  await item.click();

  editor = page.locator('.editor-instance .monaco-editor').first();
  await page.locator('.tab.active', { hasText: 'main.cf' }).waitFor();
  await page.locator('.statusbar-item', { hasText: 'Postfix main.cf' }).first().waitFor();
  const shownAt = await page.evaluate(() => performance.now());
  lap('main.cf open as "Postfix main.cf"');

  const firstSquiggleAt = await page.evaluate(() => window.__firstSquiggle);
  console.log(`E2E TIMING open main.cf to editor with its language shown: ${Math.round(shownAt - clickedAt)} ms`);
  console.log(`E2E TIMING open main.cf to first squiggle: ${Math.round(firstSquiggleAt - clickedAt)} ms`);
  // The certificate findings are errors on the smtpd_tls_cert_file value.
  await editor.locator('.squiggly-error').first().waitFor();
  lap('squiggles visible');
  await page.waitForTimeout(300); // let the remaining decorations paint for the picture
  await shot('squiggle.png');

  await runCommand('View: Focus Problems');
  const rows = page.locator('.markers-panel .monaco-list-row');
  for (const code of ['cert-self-signed', 'cert-name-mismatch', 'unknown-parameter']) {
    const row = rows.filter({ hasText: code }).first();
    await row.waitFor();
    assert.match(norm(await row.innerText()), /postfix-lens/);
  }
  const mismatch = norm(await rows.filter({ hasText: 'cert-name-mismatch' }).first().innerText());
  assert.match(mismatch, /mail\.example\.com/);
  lap('Problems panel lists unknown-parameter, cert-self-signed, cert-name-mismatch');
  await shot('problems.png');
});

test('the status bar shows the certificate verdict, the code lens offers a probe', async () => {
  // The workspace's certificate is self-signed (and for the wrong name): the worst verdict wins.
  const item = page.locator('.statusbar-item', { hasText: 'Self-signed' }).first();
  await item.waitFor();
  const lens = page.locator('.codelens-decoration', { hasText: 'Probe mail.example.com:25' }).first();
  await lens.waitFor();
  lap('status bar says Self-signed; code lens "Probe mail.example.com:25" above myhostname');
  await item.hover();
  const tip = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: 'self-signed' }).first();
  let tipError;
  await tip.waitFor({ timeout: 10_000 }).catch((e) => (tipError = e));
  await page.waitForTimeout(300);
  await shot('statusbar.png');
  assert.ok(!tipError, `no tooltip on the status bar item: ${tipError?.message}`);
  assert.match(norm(await tip.innerText()), /Click to probe the live server/);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test(`hover on smtpd_tls_cert_file's value names the certificate's host (${CERT_NAME})`, async () => {
  const certFile = path.join(WORKSPACE, 'cert.pem');
  const at = await pointAt('smtpd_tls_cert_file', certFile);
  assert.ok(at, `the editor shows "smtpd_tls_cert_file = ${certFile}"`);
  await page.mouse.move(at.x, at.y);
  await page.locator('.monaco-hover:visible').first().waitFor();
  // Only the language server's hover counts: the diagnostics' part of the same hover
  // (.marker.hover-contents) quotes the certificate's name too, in the cert-name-mismatch message.
  const fromServer = page.locator('.monaco-hover:visible .markdown-hover', { hasText: CERT_NAME }).first();
  let error;
  try {
    await fromServer.waitFor({ timeout: 15_000 });
  } catch (e) {
    error = e;
  }
  if (!error) {
    // The diagnostics come first in the hover; scroll the certificate's names into view for the picture.
    await fromServer.locator('li', { hasText: CERT_NAME }).first()
      .evaluate((el) => el.scrollIntoView({ block: 'center' })).catch(() => {});
  }
  await page.waitForTimeout(300); // the hover fades in
  await shot('hover.png');
  const all = norm(await page.locator('.monaco-hover:visible').first().innerText());
  assert.ok(!error, `no hover from the language server containing "${CERT_NAME}"; the hover shows only:\n${all}`);
  lap('hover shows the certificate names');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('typing smtpd_tls_se offers smtpd_tls_security_level', async () => {
  // A new last line. Word-based suggestions are off (the script's settings.json), so a suggestion can
  // only come from the language server, not from the word already in the file.
  await editor.locator('.view-lines').click({ position: { x: 200, y: 10 } });
  await page.keyboard.press('Control+End');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('smtpd_tls_se', { delay: 40 });
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  const row = widget.locator('.monaco-list-row', { hasText: 'smtpd_tls_security_level' }).first();
  let error;
  try {
    // Quick suggestions open by themselves while typing; if not, ask explicitly (Ctrl+Space).
    await widget.waitFor({ timeout: 3_000 }).catch(() => page.keyboard.press('Control+Space'));
    await row.waitFor({ timeout: 15_000 });
  } catch (e) {
    error = e;
  }
  await page.waitForTimeout(200);
  await shot('completion.png');
  const offered = (await widget.count()) ? norm(await widget.innerText()) : '(no suggest widget)';
  assert.ok(!error, `smtpd_tls_security_level was not offered; the suggest widget shows: ${offered}`);
  lap('completion offers smtpd_tls_security_level');

  // Accept it and save: the file on disk (this test's throwaway copy) tells exactly what was inserted,
  // where the editor's DOM shows only the visible lines, in no fixed order. Enter accepts the focused
  // row; while the list is still being refreshed no row has focus and Enter would insert a line break,
  // so wait for the focus (and move it there if another row has it).
  const mainCf = path.join(WORKSPACE, 'main.cf');
  const lastLine = () => fs.readFileSync(mainCf, 'utf8').split('\n').filter((l) => l.trim()).at(-1);
  const acceptAndSave = async () => {
    const focused = widget.locator('.monaco-list-row.focused', { hasText: 'smtpd_tls_security_level' });
    for (let i = 0; i < 10 && !(await focused.count()); i++) {
      await focused.waitFor({ timeout: 1_000 }).catch(async () => {
        if (await widget.locator('.monaco-list-row.focused').count()) await page.keyboard.press('ArrowUp');
      });
    }
    const before = fs.readFileSync(mainCf, 'utf8');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const end = Date.now() + 10_000;
    while (fs.readFileSync(mainCf, 'utf8') === before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  };
  await acceptAndSave();
  // On a busy machine the list can still be re-rendered between the focus check and Enter, which
  // then reaches the editor as a line break: that line is deleted and the suggestions asked for again.
  for (let retry = 0; retry < 2 && lastLine() === 'smtpd_tls_se'; retry++) {
    lap('Enter reached the editor, not the suggestion list; asking again (Ctrl+Space)');
    await page.keyboard.press('Control+Shift+K');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Space');
    await row.waitFor({ timeout: 15_000 });
    await acceptAndSave();
  }
  assert.match(lastLine(), /^smtpd_tls_security_level\b/);
  lap(`completion accepted: "${lastLine()}"`);
});

/** The first frame (webviews are nested iframes) with an element matching selector, and its text. */
async function webviewText(selector, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      const found = await frame.locator(selector).first().innerText({ timeout: 200 }).catch(() => undefined);
      if (found !== undefined) return { frame, text: found };
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview shows ${selector} within ${timeoutMs} ms`);
}

test('Postfix: Probe TLS of a mail server, from the palette, against a loopback STARTTLS server', async () => {
  const server = await smtpServer.startSmtpServer({
    cert: fs.readFileSync(path.join(WORKSPACE, 'cert.pem')),
    key: fs.readFileSync(path.join(WORKSPACE, 'key.pem')),
  });
  try {
    await page.locator('.tab.active', { hasText: 'main.cf' }).waitFor();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Postfix: Probe TLS of a mail server');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Postfix: Probe TLS of a mail server' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The configuration's servers (from the language server), and "Enter host:port…".
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'mail.example.com:587 (submission, STARTTLS)' }).first().waitFor();
    await rows.filter({ hasText: 'mail.example.com:465 (smtps, implicit TLS)' }).first().waitFor();
    const enter = rows.filter({ hasText: 'Enter host:port' }).first();
    await enter.waitFor();
    await shot('probe-targets.png');
    lap('the probe picker lists the configuration\'s servers');
    await enter.click();
    await page.locator('.quick-input-message', { hasText: 'Host and port' }).waitFor();
    await input.fill(`127.0.0.1:${server.port}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-title', { hasText: `How does port ${server.port} speak TLS?` }).waitFor();
    await page.keyboard.press('Enter'); // STARTTLS, the first choice
    await page.locator('.quick-input-title', { hasText: 'Probe 127.0.0.1 as' }).waitFor();
    await input.fill(CERT_NAME);
    await page.keyboard.press('Enter');
    lap(`probing 127.0.0.1:${server.port} as ${CERT_NAME}`);

    const { frame, text } = await webviewText('#verdict');
    const sentence = norm(text);
    assert.match(sentence, new RegExp(`^No: Gmail's "Send mail as" would refuse ${CERT_NAME.replace(/\./g, '\\.')} on port ${server.port}, because `));
    const problems = norm(await frame.locator('ul.problems').innerText());
    assert.match(problems, /cert-self-signed/);
    assert.match(norm(await frame.locator('table.transcript').innerText()), /STARTTLS/);
    assert.ok(server.lines.some((l) => l === 'STARTTLS'), 'the server saw STARTTLS');
    assert.ok(!server.lines.some((l) => /^(AUTH|MAIL|RCPT)\b/i.test(l)), 'the probe sends no AUTH, MAIL or RCPT');
    lap(`webview: ${sentence}`);
    await page.waitForTimeout(300);
    await shot('probe.png');
  } finally {
    await server.close();
  }
});

test('Postfix: Check DNS (MX, DANE, MTA-STS): the MX name the certificate lacks, on the certificate line', async (t) => {
  if (!DNS_RESOLVER) {
    t.skip('CS_DNS_RESOLVER is not set (scripts/e2e-code-server.sh starts the DNSSEC lab and sets it)');
    return;
  }
  // main.cf in front again: the probe's report took the focus, and the command is offered for main.cf.
  await page.locator('.tab', { hasText: 'main.cf' }).first().click();
  await page.locator('.tab.active', { hasText: 'main.cf' }).waitFor();
  await runCommand('Postfix: Check DNS (MX, DANE, MTA-STS)');
  // e2e.good.test's MX is mail.example.com, this server's $myhostname; the certificate is for other.example.org.
  // Its _mta-sts record announces a policy that no mta-sts.e2e.good.test host serves: a warning.
  const { frame, text } = await webviewText('#dns-verdict', 60_000);
  assert.match(norm(text), /^2 domains checked: 1 error, 1 warning\.$/);
  const problems = norm(await frame.locator('ul.problems').first().innerText());
  assert.match(problems, /mx-name-not-covered/);
  assert.match(norm(await frame.locator('body').innerText()), /mta-sts-policy-unavailable/);
  lap(`DNS report: ${norm(text)}`);

  const certLine = fs.readFileSync(path.join(WORKSPACE, 'main.cf'), 'utf8').split('\n').findIndex((l) => l.startsWith('smtpd_tls_cert_file')) + 1;
  await runCommand('View: Focus Problems');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'mx-name-not-covered' }).first();
  await row.waitFor();
  const shown = norm(await row.innerText());
  assert.match(shown, /mail\.example\.com is an MX host of e2e\.good\.test and this server/);
  assert.match(shown, new RegExp(`Ln ${certLine}\\b`), `the finding is on the smtpd_tls_cert_file line (${certLine}): ${shown}`);
  assert.match(shown, /postfix-lens/);
  // The squiggle on that line: the finding is among the diagnostics its hover lists.
  await page.locator('.tab', { hasText: 'main.cf' }).first().click();
  const at = await pointAt('smtpd_tls_cert_file', path.join(WORKSPACE, 'cert.pem'));
  assert.ok(at, 'the editor shows the smtpd_tls_cert_file line');
  await page.mouse.move(at.x, at.y);
  await page.locator('.monaco-hover:visible', { hasText: 'mx-name-not-covered' }).first().waitFor();
  await page.waitForTimeout(300);
  await shot('dns.png');
  lap(`Problems and the hover of line ${certLine}: mx-name-not-covered`);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

// The README's animation, in its own folder (e2e/make-workspace.mjs --demo) and a smaller window: main.cf
// names fullchain.pem ("TLS ok"); cert.pem is typed in its place, the classic certbot mistake; the
// squiggle and "Chain incomplete" appear, the hover explains, the quick fix puts fullchain.pem back.
// Six frames of one size become an animated PNG (e2e/apng.mjs), checked by Chromium's own decoder.
test('README animation: cert.pem typed where fullchain.pem belongs, the squiggle, the quick fix', async (t) => {
  const demo = process.env.CS_DEMO_WORKSPACE;
  if (!demo) {
    t.skip('CS_DEMO_WORKSPACE is not set (scripts/e2e-code-server.sh sets it)');
    return;
  }
  fs.rmSync(path.join(SHOT_DIR, 'quickfix.png'), { force: true });
  await page.setViewportSize({ width: 1100, height: 520 });
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(demo)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.getByRole('treeitem', { name: 'main.cf' }).click();
  await page.locator('.tab.active', { hasText: 'main.cf' }).waitFor();
  await runCommand('View: Toggle Primary Side Bar Visibility');
  const ed = page.locator('.editor-instance .monaco-editor').first();
  const status = (text) => page.locator('.statusbar-item', { hasText: text }).first();
  const lineText = () => page.evaluate(() => [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')]
    .map((l) => l.textContent.replace(/\u00a0/g, ' ')).find((l) => l.startsWith('smtpd_tls_cert_file')));
  const frames = [];
  const frame = async (delayMs, what) => {
    await page.waitForTimeout(300); // fades and decorations settle
    frames.push({ png: await page.screenshot(), delayMs });
    fs.writeFileSync(path.join(SHOT_DIR, `quickfix-${frames.length}.png`), frames.at(-1).png);
    lap(`frame ${frames.length}: ${what}`);
  };

  await status('TLS ok').waitFor();
  await page.locator('.codelens-decoration', { hasText: 'Probe mail.example.com:25' }).first().waitFor();
  assert.equal(await ed.locator('.squiggly-error').count(), 0, 'no error while main.cf names fullchain.pem');
  await page.mouse.move(5, 5);
  await frame(2000, 'fullchain.pem, TLS ok');

  // Select "fullchain.pem" at the end of the line and type cert.pem over it.
  const at = await pointAt('smtpd_tls_cert_file', 'fullchain.pem');
  assert.ok(at, 'the editor shows smtpd_tls_cert_file = $config_directory/tls/fullchain.pem');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('End');
  for (let i = 0; i < 'fullchain.pem'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await frame(900, 'fullchain.pem selected');
  await page.keyboard.type('cert.pem', { delay: 60 });
  assert.equal(await lineText(), 'smtpd_tls_cert_file = $config_directory/tls/cert.pem');
  await ed.locator('.squiggly-error').first().waitFor();
  await status('Chain incomplete').waitFor();
  await frame(1800, 'cert.pem: squiggle, "Chain incomplete"');

  const bad = await pointAt('smtpd_tls_cert_file', 'tls/cert.pem');
  await page.mouse.move(bad.x, bad.y);
  const hover = page.locator('.monaco-hover:visible', { hasText: 'fullchain.pem is in the same directory' }).first();
  await hover.waitFor();
  assert.match(norm(await hover.innerText()), /cert-chain-incomplete/);
  await frame(3500, 'hover: the chain is incomplete, use fullchain.pem');

  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  // The cursor is still where typing left it, at the end of cert.pem: one step back, inside the finding.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'fullchain.pem (the certificate with its chain)' }).first();
  await fix.waitFor();
  // The widget's first row may be another fix; the pointer cannot reach the rows (a pointer block
  // covers the page while the menu is open), so the keys move the focus.
  for (let i = 0; i < 10 && !/\bfocused\b/.test((await fix.getAttribute('class')) ?? ''); i++) await page.keyboard.press('ArrowDown');
  await frame(2200, 'quick fix offered');
  await page.keyboard.press('Enter');
  await status('TLS ok').waitFor();
  assert.equal(await lineText(), 'smtpd_tls_cert_file = $config_directory/tls/fullchain.pem');
  await page.waitForFunction(() => !document.querySelector('.editor-instance .monaco-editor .squiggly-error'));
  await page.mouse.move(5, 5);
  await frame(2500, 'fixed: fullchain.pem, TLS ok');

  const { assembleApng, apngInfo } = await import('./apng.mjs');
  const apng = assembleApng(frames);
  const info = apngInfo(apng);
  assert.equal(info.frames, frames.length);
  // Chromium's own decoder (WebCodecs, in this secure 127.0.0.1 page) must see every frame.
  const decoded = await page.evaluate(async (b64) => {
    const d = new ImageDecoder({ data: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), type: 'image/png' });
    await d.tracks.ready;
    await d.completed;
    const last = await d.decode({ frameIndex: d.tracks.selectedTrack.frameCount - 1 });
    return { animated: d.tracks.selectedTrack.animated, frames: d.tracks.selectedTrack.frameCount, width: last.image.displayWidth };
  }, apng.toString('base64'));
  assert.deepEqual(decoded, { animated: true, frames: frames.length, width: info.width });
  fs.writeFileSync(path.join(SHOT_DIR, 'quickfix.png'), apng);
  lap(`animated PNG ${path.join(SHOT_DIR, 'quickfix.png')}: ${info.frames} frames, ${info.width}x${info.height}, ${apng.length} bytes`);
});
