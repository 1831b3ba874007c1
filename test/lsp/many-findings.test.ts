// A 1 MB line that repeats one mistake 350,000 times ("x$y" × 350,000, found by fuzzing): the server
// sends one diagnostic per undefined name, not one per use (it used to send 350,000, 102 MB of JSON
// taking 12.6 s, and hovers waited more than 15 s during edits), and keeps answering meanwhile.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

const bigLine = (k: number) => 'smtpd_banner = ' + 'x$y'.repeat(350_000) + ` $undefined_${k}\n`;

test('350,000 uses of an undefined $name: a few diagnostics, and the server keeps answering', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-many-'));
  const big = pathToFileURL(path.join(dir, 'big', 'main.cf')).toString();
  const small = pathToFileURL(path.join(dir, 'small', 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(small, 'myhostname = mail.example.com\nsmtpd_banner = $myhostname ESMTP\n');
    await client.waitForDiagnostics(small);
    await client.open(big, bigLine(0));
    const d = await client.waitForDiagnostics(big, (x) => x.length > 0, 60_000);
    assert.deepEqual(d.map((x) => [x.code, x.range.start.character]), [
      ['undefined-reference', 17],
      ['undefined-reference', 1_050_014],
      ['undefined-reference', 1_050_017],
    ]);
    assert.match(String(d[0]!.message), /^\$yx is not defined anywhere .* It is used 349999 times in this value; this is the first\.$/);
    // A burst of edits: the other document answers at once, the big one within seconds.
    for (let v = 2; v <= 4; v++) {
      await client.change(big, v, bigLine(v));
      const t0 = performance.now();
      const h = await client.hover(small, { line: 1, character: 18 });
      const smallMs = performance.now() - t0;
      assert.match((h!.contents as MarkupContent).value, /^\*\*\$myhostname\*\*/);
      assert.ok(smallMs < 5_000, `hover on another document took ${smallMs.toFixed(0)} ms`);
    }
    const t1 = performance.now();
    const h = await client.hover(big, { line: 0, character: 3 });
    const bigMs = performance.now() - t1;
    assert.match((h!.contents as MarkupContent).value, /smtpd_banner/);
    assert.ok(bigMs < 15_000, `hover on the big document took ${bigMs.toFixed(0)} ms`);
    const last = await client.waitForDiagnostics(big, (x) => x.some((y) => String(y.message).startsWith('$undefined_4 ')), 60_000);
    assert.equal(last.length, 3);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
