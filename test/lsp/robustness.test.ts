// A feature that throws must not take the server down: the failure is logged, the request gets an
// empty answer, and every feature keeps answering afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

test('failing requests answer empty and the server goes on answering hovers', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-robust-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_banner = $myhostname ESMTP\n');
    // Internal failures: malformed parameters make the features throw.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.equal(await client.request('textDocument/completion', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [{ source: 'postfix-lens', code: 'duplicate-parameter', range: null, data: { earlierLine: 0 } }] } }), []);
    assert.deepEqual(await client.request('textDocument/references', { textDocument: { uri }, position: 'nowhere' }), []);
    assert.match(client.logMessages.join('\n'), /postfix-lens: hover failed: TypeError/);
    assert.match(client.logMessages.join('\n'), /postfix-lens: code actions failed/);
    // Unknown documents and positions out of range are no failures: just nothing there.
    assert.equal(await client.hover('file:///nonexistent-postfix-lens/main.cf', { line: 0, character: 0 }), null);
    assert.equal(await client.hover('file:///tmp/not-a-config.txt', { line: 0, character: 0 }), null);
    assert.equal(await client.hover(uri, { line: 9999, character: 0 }), null);
    assert.equal(await client.hover(uri, { line: 0, character: 9999 }), null);
    assert.deepEqual(await client.completion(uri, { line: 9999, character: 3 }), []);
    assert.equal(await client.definition(uri, { line: -1, character: -1 }), null);
    // Still alive: a hover answers.
    const hover = await client.hover(uri, { line: 1, character: 18 });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*\$myhostname\*\* expands in main\.cf to mail\\\.example\\\.com/);
    assert.equal(client.proc.exitCode, null);
  } finally {
    await client.shutdown();
  }
});
