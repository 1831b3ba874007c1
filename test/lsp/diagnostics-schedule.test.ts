// When diagnostics are published: debounced while typing, at once on open, and an open (which
// TextDocuments also reports as a change) is not put off by the debounce. Mocked timers, no waits.

import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEBOUNCE_MS, DiagnosticsPublisher } from '../../server/src/lsp/diagnostics';
import type { ConfigWorkspace } from '../../server/src/lsp/workspace';

function setup() {
  const uri = 'file:///etc/postfix/main.cf';
  const docs = new Map([[uri, TextDocument.create(uri, 'postfix-main-cf', 1, 'myhostname = a.example\n')]]);
  const documents = { get: (u: string) => docs.get(u), all: () => [...docs.values()] } as unknown as TextDocuments<TextDocument>;
  const analysed: string[] = [];
  const workspace = {
    analyze: (u: string) => {
      analysed.push(u);
      return { dir: '/etc/postfix', mainUri: uri, masterUri: 'file:///etc/postfix/master.cf', analysis: { main: {}, master: null }, findings: [] };
    },
    certificateFindings: async () => [],
    certificates: { counters: {} },
  } as unknown as ConfigWorkspace;
  const connection = { sendDiagnostics: async () => undefined, sendNotification: async () => undefined, console: { error: () => undefined } } as unknown as Connection;
  return { uri, analysed, publisher: new DiagnosticsPublisher(connection, documents, workspace) };
}

test('typing is debounced; an open is published at once, even though it is reported as a change too', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { uri, analysed, publisher } = setup();
    publisher.schedule(uri);
    mock.timers.tick(DEBOUNCE_MS - 1);
    publisher.schedule(uri);
    mock.timers.tick(DEBOUNCE_MS - 1);
    assert.equal(analysed.length, 0, 'each change puts the publish off');
    mock.timers.tick(1);
    assert.equal(analysed.length, 1);

    publisher.schedule(uri, 0); // didOpen
    publisher.schedule(uri); // the change TextDocuments reports with it
    mock.timers.tick(0);
    assert.equal(analysed.length, 2, 'published without the debounce');
    mock.timers.tick(DEBOUNCE_MS);
    assert.equal(analysed.length, 2, 'and once');
  } finally {
    mock.timers.reset();
  }
});
