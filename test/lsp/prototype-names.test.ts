// `constructor`, `__proto__`, `toString` and friends in every place a name can stand, over real
// JSON-RPC: the file gets its diagnostics (the same codes as for an ordinary word), and every feature
// answers at every position of it without a failure in the server's log, whatever the settings say.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import { PROTOTYPE_NAMES, placesFor } from '../helpers/prototype-names';

function pairFor(n: string): { main: string; master: string } {
  const places = placesFor(n);
  return { main: places.map(([, m]) => m).join(''), master: places.map(([, , s]) => s).join('') };
}

const codes = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.code}`).join(' ');

test('prototype names: diagnostics like an ordinary word, and every feature answers everywhere', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-proto-'));
  const client = new LspClient();
  try {
    const severity = Object.fromEntries(PROTOTYPE_NAMES.map((n) => [n, 'off']));
    await client.initialize({ hostnames: [...PROTOTYPE_NAMES], severity });
    // The reference: the same pair with an ordinary word.
    const expected = new Map<string, string>();
    for (const n of ['someword', ...PROTOTYPE_NAMES]) {
      const sub = path.join(dir, n.replace(/_/g, 'u'));
      fs.mkdirSync(sub);
      const { main, master } = pairFor(n);
      fs.writeFileSync(path.join(sub, 'master.cf'), master);
      const mainUri = pathToFileURL(path.join(sub, 'main.cf')).toString();
      const masterUri = pathToFileURL(path.join(sub, 'master.cf')).toString();
      await client.open(mainUri, main);
      await client.open(masterUri, master, 'postfix-master-cf');
      const dm = await client.waitForDiagnostics(mainUri, (d) => d.length > 0);
      const ds = await client.waitForDiagnostics(masterUri, (d) => d.length > 0);
      if (n === 'someword') {
        expected.set('main', codes(dm));
        expected.set('master', codes(ds));
        continue;
      }
      assert.equal(codes(dm), expected.get('main'), `${n}: main.cf diagnostics`);
      assert.equal(codes(ds), expected.get('master'), `${n}: master.cf diagnostics`);

      for (const [uri, text] of [
        [mainUri, main],
        [masterUri, master],
      ] as const) {
        const lines = text.split('\n');
        for (let line = 0; line < lines.length; line++) {
          // Every position where the name starts, and one inside it.
          for (let i = lines[line]!.indexOf(n); i !== -1; i = lines[line]!.indexOf(n, i + 1)) {
            for (const character of [i, i + 2]) {
              const position = { line, character };
              await client.hover(uri, position);
              await client.completion(uri, position);
              await client.definition(uri, position);
              await client.references(uri, position, true);
            }
          }
        }
        await client.documentSymbols(uri);
        const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
        assert.ok(Array.isArray(lenses));
        const all = uri === mainUri ? dm : ds;
        await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, all);
      }
      const targets = await client.request<{ targets: unknown[] } | null>('postfixLens/probeTargets', { uri: mainUri });
      assert.ok(targets === null || Array.isArray(targets.targets));
      await client.request('postfixLens/certificateSummary', { uri: mainUri });
    }
    const failures = client.logMessages.filter((m) => /failed|error/i.test(m));
    assert.deepEqual(failures, [], 'no feature failed');
    assert.equal(client.proc.exitCode, null, 'the server is alive');
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
