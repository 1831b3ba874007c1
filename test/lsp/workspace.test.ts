// The document/pair cache of the language server, without the protocol: a fake set of open documents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';

function openDocuments() {
  const docs = new Map<string, TextDocument>();
  const documents = { get: (uri: string) => docs.get(uri), all: () => [...docs.values()] } as unknown as TextDocuments<TextDocument>;
  return { docs, documents };
}

/** A temp directory whose main.cf and master.cf are open documents, and a workspace over them. */
function openPair() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-ws-'));
  const mainUri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const masterUri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const { docs, documents } = openDocuments();
  const ws = new ConfigWorkspace(documents, () => DEFAULT_SETTINGS, () => ({}));
  docs.set(mainUri, TextDocument.create(mainUri, 'postfix-main-cf', 1, 'myhostname = mail.example.com\n'));
  docs.set(masterUri, TextDocument.create(masterUri, 'postfix-master-cf', 1, 'smtp inet n - y - - smtpd\n'));
  return { dir, mainUri, masterUri, docs, ws };
}

test('an analysis is kept per pair while one of its files is open, and dropped when both are closed', () => {
  const { dir, mainUri, masterUri, docs, ws } = openPair();
  try {
    fs.writeFileSync(path.join(dir, 'master.cf'), 'smtp inet n - y - - smtpd\n');
    const first = ws.analyze(mainUri);
    assert.ok(first);
    assert.equal(ws.analyze(masterUri), first, 'one analysis for the pair, whichever file asks');
    assert.equal(ws.analysedPairs(), 1);
    docs.delete(mainUri);
    ws.closed(mainUri);
    assert.equal(ws.analysedPairs(), 1, 'master.cf is still open');
    docs.delete(masterUri);
    ws.closed(masterUri);
    assert.equal(ws.analysedPairs(), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an edit of main.cf keeps the parse of master.cf; a change of master.cf keeps main.cf\'s', () => {
  const { dir, mainUri, masterUri, docs, ws } = openPair();
  try {
    const a = ws.analyze(mainUri)!;
    docs.set(mainUri, TextDocument.create(mainUri, 'postfix-main-cf', 2, 'myhostname = mx.example.com\n'));
    const b = ws.analyze(mainUri)!;
    assert.notEqual(b, a);
    assert.equal(b.analysis.master, a.analysis.master);
    assert.notEqual(b.analysis.main, a.analysis.main);
    assert.equal(b.analysis.model.dict.get('myhostname'), 'mx.example.com');
    docs.set(masterUri, TextDocument.create(masterUri, 'postfix-master-cf', 2, 'smtp inet n - n - - smtpd\n'));
    const c = ws.analyze(mainUri)!;
    assert.equal(c.analysis.main, b.analysis.main);
    assert.notEqual(c.analysis.master, b.analysis.master);
    assert.equal(c.analysis.master!.services[0]!.fields[4]!.text, 'n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
