// textDocument/codeLens over real JSON-RPC: "Probe mail.example.com:25" above main.cf's myhostname,
// "Probe smtp.example.com:587" above master.cf's SMTP services, each running postfixLens.probe
// with its ProbeTarget.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import type { ProbeTarget, ProbeTargetsResult } from '../../server/src/protocol';

const MAIN = 'compatibility_level = 3.6\nmyhostname = mail.example.com\nsmtpd_tls_security_level = may\n';
const MASTER = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
192.0.2.7:2525 inet n   -       n       -       -       smtpd
pickup    unix  n       -       y       60      1       pickup
`;

const summary = (lenses: CodeLens[]) => lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]);

test('lenses: myhostname in main.cf, each SMTP service in master.cf', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lens-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), MAIN);
  fs.writeFileSync(path.join(dir, 'master.cf'), MASTER);
  const main = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const master = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    const init = (await client.initialize({ hostnames: ['smtp.example.com'] })) as { capabilities: { codeLensProvider?: unknown } };
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    await client.open(main, MAIN);
    await client.open(master, MASTER, 'postfix-master-cf');

    const mainLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: main } });
    assert.deepEqual(summary(mainLenses), [[1, 'Probe mail.example.com:25', 'postfixLens.probe']]);
    const t = mainLenses[0]!.command!.arguments![0] as ProbeTarget;
    assert.deepEqual({ host: t.host, port: t.port, mode: t.mode, service: t.service }, { host: 'mail.example.com', port: 25, mode: 'starttls', service: 'smtp' });
    assert.equal(t.label, 'mail.example.com:25 (smtp, STARTTLS)');

    const masterLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: master } });
    assert.deepEqual(summary(masterLenses), [
      [0, 'Probe mail.example.com:25', 'postfixLens.probe'],
      [1, 'Probe smtp.example.com:587', 'postfixLens.probe'],
      [3, 'Probe smtp.example.com:465', 'postfixLens.probe'],
      [5, 'Probe 192.0.2.7:2525 as mail.example.com', 'postfixLens.probe'],
    ]);
    const smtps = masterLenses[2]!.command!.arguments![0] as ProbeTarget;
    assert.equal(smtps.mode, 'tls');
    const bound = masterLenses[3]!.command!.arguments![0] as ProbeTarget;
    assert.equal(bound.servername, 'mail.example.com');

    // The lens follows an edit of myhostname (from the open document, not the file on disk).
    await client.change(main, 2, 'myhostname = mx.example.net\n');
    const edited = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: main } });
    assert.deepEqual(summary(edited), [[0, 'Probe mx.example.net:25', 'postfixLens.probe']]);
  } finally {
    await client.shutdown();
  }
});

test('no lens without myhostname in main.cf, and none for documents that are not Postfix configuration', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lens-'));
  const main = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({});
    await client.open(main, 'smtpd_tls_security_level = may\n');
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: main } }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: 'file:///tmp/readme.txt' } }), []);
  } finally {
    await client.shutdown();
  }
});

test('a change of settings asks a client that can to request the lenses again', { timeout: 30_000 }, async () => {
  const client = new LspClient();
  try {
    let refreshed!: () => void;
    const refresh = new Promise<void>((r) => (refreshed = r));
    client.conn.onRequest('workspace/codeLens/refresh', () => {
      refreshed();
      return null;
    });
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { codeLens: { refreshSupport: true } } }, initializationOptions: {} });
    await client.conn.sendNotification('initialized', {});
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { postfixLens: { hostnames: ['smtp.example.com'] } } });
    await refresh;
  } finally {
    await client.shutdown();
  }
});

/** Characters that must not reach a label: controls, bidi and zero-width ones (our own "$\u200b(" aside). */
 
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200c-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

test('names that are no host names get no lens and no probe target; no label draws an icon or turns text around', { timeout: 60_000 }, async () => {
  // Each is what myhostname (or a postfixLens.hostnames entry) may hold in a hostile or broken file.
  const hostile = [
    '$$(pass-filled) Trusted', // $$ is a literal $: "$(pass-filled)" would be drawn as a check mark
    'mail.example.com\u202egro.evil',
    'mail\u001b]0;pwned\u0007.example.com',
    'mail.example.com\u200b',
    'bücher.example',
    'mail.example.com.',
    '-mail.example.com',
    'mail..example.com',
    '192.0.2.300',
    'mail example.com',
    'a'.repeat(64) + '.example.com',
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lens-hostile-'));
  const master =
    'smtp      inet  n       -       y       -       -       smtpd\n' +
    'submission inet n       -       y       -       -       smtpd\n' +
    '$(zap):2526 inet n      -       n       -       -       smtpd\n' +
    'evil\u202e.example.com:2527 inet n - n   -       -       smtpd\n' +
    'mx.example.net:2528 inet n -    n       -       -       smtpd\n';
  fs.writeFileSync(path.join(dir, 'master.cf'), master);
  const mainUri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const masterUri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ hostnames: ['$(zap) smtp.example.com', 'smtp\u202e.example.com', 'smtp.example.com'] });
    await client.open(masterUri, master, 'postfix-master-cf');
    const labels: string[] = [];
    for (const [i, name] of hostile.entries()) {
      const text = `myhostname = ${name}\n`;
      if (i === 0) await client.open(mainUri, text);
      else await client.change(mainUri, i + 1, text);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: mainUri } });
      assert.deepEqual(summary(lenses), [], `myhostname = ${JSON.stringify(name)}`);
      const targets = await client.request<ProbeTargetsResult>('postfixLens/probeTargets', { uri: mainUri });
      assert.deepEqual(targets.hostnames, ['smtp.example.com'], JSON.stringify(name));
      assert.deepEqual(
        targets.targets.map((t) => `${t.host}:${t.port}`),
        ['smtp.example.com:25', 'smtp.example.com:587', 'mx.example.net:2528'],
        JSON.stringify(name),
      );
      labels.push(...targets.targets.map((t) => t.label));
      const masterLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: masterUri } });
      assert.deepEqual(
        summary(masterLenses),
        [
          [0, 'Probe smtp.example.com:25', 'postfixLens.probe'],
          [1, 'Probe smtp.example.com:587', 'postfixLens.probe'],
          [4, 'Probe mx.example.net:2528', 'postfixLens.probe'],
        ],
        JSON.stringify(name),
      );
      labels.push(...masterLenses.map((l) => l.command!.title));
    }
    for (const l of labels) {
      assert.ok(!l.includes('$('), l);
      assert.doesNotMatch(l, HIDDEN, l);
    }
  } finally {
    await client.shutdown();
  }
});

test('valid names keep their lens: A-labels, digits, hyphens inside, one label, any case', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lens-valid-'));
  const mainUri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({});
    const names = ['xn--bcher-kva.example', 'mx-1.example.com', 'mailhost', 'MAIL.Example.COM', '1mail.example.com'];
    for (const [i, name] of names.entries()) {
      const text = `myhostname = ${name}\n`;
      if (i === 0) await client.open(mainUri, text);
      else await client.change(mainUri, i + 1, text);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: mainUri } });
      assert.deepEqual(summary(lenses), [[0, `Probe ${name}:25`, 'postfixLens.probe']]);
    }
  } finally {
    await client.shutdown();
  }
});
