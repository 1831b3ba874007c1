// The editor over real JSON-RPC (dist/server.js --stdio): certificate diagnostics, hover on the
// certificate setting, completion of names and values, diagnostics that follow edits, and that
// follow the certificate file on disk when it is replaced (as certbot renew does) with no edit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import { fixtures } from '../helpers/certificates';

const codesOn = (d: Diagnostic[]) => d.map((x) => [x.code, x.range.start.line]).sort();
const CERT_CODE = /^(cert|key)-/;

test('certificate diagnostics, hover, completion, edits, and a certificate replaced on disk', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-editor-'));
  const wrongName = path.join(dir, 'other.pem');
  const selfSigned = path.join(dir, 'self.pem');
  const key = path.join(dir, 'key.pem');
  fs.writeFileSync(wrongName, f.selfSignedOther.cert);
  fs.writeFileSync(selfSigned, f.selfSigned.cert);
  fs.writeFileSync(key, f.leaf.key); // the test leaf certificates share one key
  const ca = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-editor-ca-')), 'ca.pem');
  fs.writeFileSync(ca, f.root.cert);
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const lines = ['myhostname = mail.example.com', 'smtpd_tls_security_level = may', `smtpd_tls_cert_file = ${wrongName}`, `smtpd_tls_key_file = ${key}`];
  const client = new LspClient();
  try {
    const init = (await client.initialize({ extraCaFile: ca })) as { capabilities: Record<string, unknown> };
    assert.deepEqual(init.capabilities, {
      textDocumentSync: 2,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['$', '{', '=', ' ', '/', '-'] },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      codeLensProvider: { resolveProvider: false },
    });
    await client.open(uri, lines.join('\n') + '\n');
    const first = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codesOn(first), [
      ['cert-name-mismatch', 2],
      ['cert-self-signed', 2],
    ]);

    // Hover on the setting: the certificate, its names and the verdict, all escaped.
    const hover = await client.hover(uri, { line: 2, character: 5 });
    const md = (hover!.contents as MarkupContent).value;
    assert.equal((hover!.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(hover!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 19 } });
    assert.match(md, /- Subject: CN\\=other\\\.example\\\.org\\, O\\=postfix\\-lens tests/);
    assert.match(md, /- Names \(subjectAltName\): other\\\.example\\\.org/);
    assert.match(md, /- Self-signed: yes/);
    assert.match(md, /- Key: RSA 2048 bits/);
    assert.match(md, /- SHA-256: [0-9A-F]{2}\\:/);
    assert.match(md, /\(36[45] days left\)/);
    assert.match(md, /Chain: \*\*self-signed\*\*/);
    assert.match(md, /- Gmail would \*\*not\*\* accept this for mail\\\.example\\\.com: /);
    assert.match(md, /Certificate file: .*other\\\.pem/);
    assert.match(md, /postconf\.5\.html#smtpd_tls_cert_file/);

    // Completion of a name being typed (the line does not parse yet) and of a value.
    await client.change(uri, 2, [...lines, 'smtpd_tls_se'].join('\n') + '\n');
    const names = await client.completion(uri, { line: 4, character: 12 });
    const level = names.find((i) => i.label === 'smtpd_tls_security_level');
    assert.ok(level, 'smtpd_tls_se completes to smtpd_tls_security_level');
    assert.deepEqual((level as { textEdit: unknown }).textEdit, {
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 12 } },
      newText: 'smtpd_tls_security_level = ',
    });
    assert.equal(typeof level.documentation, 'string');
    await client.change(uri, 3, [lines[0], 'smtpd_tls_security_level = ', lines[2], lines[3]].join('\n') + '\n');
    const values = await client.completion(uri, { line: 1, character: 27 }, ' ');
    assert.deepEqual(values.map((i) => i.label), ['none', 'may', 'encrypt']);
    assert.deepEqual((values[1] as { textEdit: unknown }).textEdit, { range: { start: { line: 1, character: 27 }, end: { line: 1, character: 27 } }, newText: 'may' });

    // Edit the line (another certificate, one line lower): the diagnostics follow.
    const edited = [lines[0], lines[1], '# the certificate for mail.example.com', `smtpd_tls_cert_file = ${selfSigned}`, lines[3]];
    await client.change(uri, 4, edited.join('\n') + '\n');
    const second = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'cert-self-signed' && x.range.start.line === 3));
    assert.deepEqual(codesOn(second), [['cert-self-signed', 3]]);

    // certbot renew: a trusted certificate with its chain replaces the file. No edit of main.cf.
    const tmp = `${selfSigned}.tmp`;
    fs.writeFileSync(tmp, f.leaf.cert + f.intermediate.cert);
    fs.renameSync(tmp, selfSigned);
    const third = await client.waitForDiagnostics(uri, (d) => !d.some((x) => CERT_CODE.test(String(x.code))));
    assert.deepEqual(third, []);
    const after = (((await client.hover(uri, { line: 3, character: 30 }))!.contents) as MarkupContent).value;
    assert.match(after, /Chain: \*\*trusted\*\*/);
    assert.match(after, /- Gmail would accept this for mail\\\.example\\\.com\./);

    // And back: the file watch goes on after a change.
    fs.writeFileSync(tmp, f.selfSigned.cert);
    fs.renameSync(tmp, selfSigned);
    const fourth = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'cert-self-signed'));
    assert.deepEqual(codesOn(fourth), [['cert-self-signed', 3]]);
  } finally {
    await client.shutdown();
  }
  assert.doesNotMatch(client.logMessages.join('\n'), /failed/);
});
