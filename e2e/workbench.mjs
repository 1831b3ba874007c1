// The browser side shared by the end-to-end tests and bench/vscode.mjs: Debian's Chromium, headless,
// with a persistent profile, and VS Code's command palette driven from the keyboard.
import { chromium } from 'playwright-core';

/** Chromium with its profile in `profileDir`, a 1400×900 window, no background traffic. */
export function launchBrowser(profileDir, executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** F1, the command's title, Enter. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}
