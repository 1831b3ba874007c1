// The language server over real JSON-RPC (stdio): diagnostics for main.cf and master.cf, following edits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';

test('diagnostics appear on open, carry code, source and a link, and follow edits', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    const init = (await client.initialize()) as { capabilities: { textDocumentSync: number } };
    assert.equal(init.capabilities.textDocumentSync, 2);
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_tls_security_level = mayy\n');
    const first = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(first.map((d) => [d.code, d.source, d.range.start.line]), [['invalid-value', 'postfix-lens', 1]]);
    assert.match(first[0].codeDescription!.href, /rules\.md#invalid-value$/);
    await client.change(uri, 2, 'myhostname = mail.example.com\nsmtpd_relay_restrictons = permit\n');
    const second = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-parameter'));
    assert.deepEqual(second.map((d) => d.code), ['unknown-parameter']);
    assert.match(String(second[0].message), /Did you mean smtpd_relay_restrictions\?/);
    await client.change(uri, 3, 'myhostname = mail.example.com\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  } finally {
    await client.shutdown();
  }
  assert.doesNotMatch(client.stderr, /Error|at /);
});

test('master.cf findings go to the master.cf document; main.cf on disk is read beside it', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), 'myhostname = mail.example.com\n');
  const uri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable = yes\n', 'postfix-master-cf');
    const d = await client.waitForDiagnostics(uri, (x) => x.length > 0);
    assert.deepEqual(d.map((x) => [x.code, x.range.start.line]), [['malformed-override', 1]]);
  } finally {
    await client.shutdown();
  }
});

test('certificate findings on the line that names the file: self-signed and for the wrong name', { timeout: 60_000 }, async () => {
  const { fixtures } = await import('../helpers/certificates');
  const f = fixtures();
  const cert = f.file('lsp-self.crt', f.selfSignedOther.cert);
  const key = f.file('lsp-self.key', f.selfSignedOther.key);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ hostnames: ['smtp.example.com'] });
    await client.open(uri, `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\nsmtpd_tls_key_file = ${key}\n`);
    const d = await client.waitForDiagnostics(uri, (x) => x.length > 0);
    assert.deepEqual(d.map((x) => [x.code, x.range.start.line]).sort(), [
      ['cert-name-mismatch', 2],
      ['cert-self-signed', 2],
    ]);
    const mismatch = d.find((x) => x.code === 'cert-name-mismatch')!;
    assert.match(String(mismatch.message), /smtp\.example\.com|mail\.example\.com/);
    assert.match(String(mismatch.message), /other\.example\.org/);
  } finally {
    await client.shutdown();
  }
});

test('the sibling master.cf on disk is read again when it changes, between edits of main.cf', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-'));
  const master = path.join(dir, 'master.cf');
  fs.writeFileSync(master, 'smtp inet n - y - - smtpd\n');
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, 'my_class = permit\n');
    const unused = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(unused.map((d) => [d.code, d.range.start.line]), [['unknown-parameter', 0]]);
    await client.change(uri, 2, '# a comment\nmy_class = permit\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 1 && d[0]!.range.start.line === 1);
    // master.cf now uses $my_class: main.cf's next analysis must see that.
    fs.writeFileSync(master, 'smtp inet n - y - - smtpd\n  -o smtpd_client_restrictions=$my_class\n');
    await client.change(uri, 3, '# another comment\nmy_class = permit\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    fs.writeFileSync(master, 'smtp inet n - y - - smtpd\n');
    await client.change(uri, 4, 'my_class = permit\n');
    const again = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(again.map((d) => [d.code, d.range.start.line]), [['unknown-parameter', 0]]);
  } finally {
    await client.shutdown();
  }
});

test('a table configuration file main.cf names is read, and read again after it changes, between edits', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-'));
  const table = path.join(dir, 'mysql-virtual.cf');
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, `virtual_alias_maps = mysql:${table}\n`);
    const missing = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(missing.map((d) => [d.code, d.severity, d.range.start.character]), [['table-config-missing', 2, 21]]);
    fs.writeFileSync(table, 'hots = db.example.com\nuser = postfix\n');
    await client.change(uri, 2, `# aliases\nvirtual_alias_maps = mysql:${table}\n`);
    // The file's appearance may first re-check the text as it was (the setting on line 0): wait for the edit's.
    const unknown = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'table-config-unknown-parameter' && x.range.start.line === 1));
    assert.deepEqual(unknown.map((d) => [d.code, d.range.start.line]), [['table-config-unknown-parameter', 1]]);
    assert.match(String(unknown[0].message), /Did you mean hosts\?/);
  } finally {
    await client.shutdown();
  }
  assert.doesNotMatch(client.stderr, /Error|at /);
});
