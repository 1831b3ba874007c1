// A lone "\r" ends a line for an LSP client (LSP: "\n", "\r\n" and "\r" are line ends) but not for
// Postfix, which the core follows. Over the real protocol: diagnostics, hover, definition,
// references, symbols, completion and quick fixes use the editor's lines, both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

const r = (line: number, start: number, end: number, endLine = line) => ({ start: { line, character: start }, end: { line: endLine, character: end } });

// Editor lines:                 0                                1                   2                          3
const MAIN = ['myhostname = mail.example.com\n', 'smtpd_banner = a\r', '$myhostname $myhostnme\n', 'mail_name = x\r\n'].join('');

test('a main.cf with a lone CR: every position is on the line the editor shows', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lone-cr-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, MAIN);
    const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'undefined-reference'));
    const undef = d.find((x) => x.code === 'undefined-reference')!;
    // Postfix reads "smtpd_banner = a\r$myhostname $myhostnme" as one line; the editor shows $myhostnme on line 2.
    assert.deepEqual(undef.range, r(2, 13, 22));
    assert.deepEqual(d.find((x) => x.code === 'crlf-line-endings')?.range, r(3, 13, 13));

    const hover = await client.hover(uri, { line: 2, character: 4 });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*\$myhostname\*\* expands in main\.cf to mail\\\.example\\\.com/);
    assert.equal(hover!.range?.start.line, 2);
    assert.deepEqual(await client.definition(uri, { line: 2, character: 4 }), [{ uri, range: r(0, 0, 10) }]);
    assert.deepEqual(await client.references(uri, { line: 0, character: 4 }), [{ uri, range: r(2, 1, 11) }]);

    const symbols = await client.documentSymbols(uri);
    assert.deepEqual(symbols!.map((s) => [s.name, s.range, s.selectionRange]), [
      ['myhostname', r(0, 0, 29), r(0, 0, 10)],
      ['smtpd_banner', r(1, 0, 22, 2), r(1, 0, 12)],
      ['mail_name', r(3, 0, 13), r(3, 0, 9)],
    ]);

    // Completion after "$myhost" on line 2 replaces text on line 2.
    const items = await client.completion(uri, { line: 2, character: 20 });
    const item = items.find((x) => x.label === 'myhostname');
    assert.ok(item, items.map((x) => x.label).slice(0, 20).join(', '));
    assert.equal((item.textEdit as TextEdit).range.start.line, 2);

    // The quick fix for the typo edits the editor's line 2.
    const actions = await client.codeActions(uri, undef.range, [undef]);
    const edits = Object.values(actions![0]!.edit!.changes!)[0]!;
    assert.deepEqual(edits, [{ range: r(2, 13, 22), newText: 'myhostname' }]);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
