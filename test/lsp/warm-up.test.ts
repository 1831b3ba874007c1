// The warm-up over real JSON-RPC: after the first document's diagnostics the server analyses it
// again in idle moments (so that the first keystrokes are analysed by optimised code), says so in
// its log, and never gets in the way: edits made meanwhile get their diagnostics. A large file is
// not analysed again (its first analysis warms the code up by itself, and a run would hold up
// requests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';
import { WARM_UP } from '../../server/src/lsp/diagnostics';

const WARMED = /^postfix-lens: analysis warmed up \((\d+) runs/;

async function logLine(client: LspClient, re: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const m of client.logMessages) {
      const hit = re.exec(m);
      if (hit) return hit;
    }
    if (Date.now() > end) throw new Error(`no log line ${re} within ${timeoutMs} ms; log: ${JSON.stringify(client.logMessages)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a small main.cf is analysed again in idle moments; edits meanwhile get their diagnostics', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-warm-'));
  const client = new LspClient();
  try {
    await client.initialize({});
    const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_bannner = $myhostname ESMTP\n');
    const first = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-parameter'));
    assert.match(String(first.find((x) => x.code === 'unknown-parameter')!.message), /smtpd_bannner/);
    // An edit while the warm-up runs: its diagnostics follow it.
    await client.change(uri, 2, 'myhostname = mail.example.com\nsmtpd_banner = $myhostname ESMTP\nrelay_domains = $undefined_name\n');
    const after = await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'unknown-parameter'));
    assert.deepEqual(
      after.map((x) => x.code),
      ['undefined-reference'],
    );
    const m = await logLine(client, WARMED);
    const runs = Number(m[1]);
    assert.ok(runs >= 1 && runs <= WARM_UP.runs, `runs: ${runs}`);
    // Once, for the first document only.
    const other = pathToFileURL(path.join(dir, 'sub', 'main.cf')).toString();
    await client.open(other, 'myhostname = other.example.com\n');
    await client.waitForDiagnostics(other);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.logMessages.filter((l) => WARMED.test(l)).length, 1);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(`a main.cf of more than ${WARM_UP.maxLines} lines is not analysed again`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-warm-big-'));
  const client = new LspClient();
  try {
    await client.initialize({});
    const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    const lines = ['myhostname = mail.example.com'];
    for (let i = 0; lines.length <= WARM_UP.maxLines; i++) lines.push(`# comment ${i}`, `user_setting_${i} = value ${i}`);
    await client.open(uri, lines.join('\n') + '\n');
    await client.waitForDiagnostics(uri);
    // The budget of a warm-up is WARM_UP.budgetMs: well past it, nothing was run.
    await new Promise((r) => setTimeout(r, WARM_UP.budgetMs * 4));
    assert.deepEqual(client.logMessages.filter((l) => WARMED.test(l)), []);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
