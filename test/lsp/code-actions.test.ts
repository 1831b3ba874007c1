// Quick fixes over the real protocol: from the diagnostics the server published (with their data)
// to code actions with exact WorkspaceEdits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import { fixtures } from '../helpers/certificates';

const r = (line: number, start: number, endLine: number, end: number) => ({ start: { line, character: start }, end: { line: endLine, character: end } });
const whole = r(0, 0, 100, 0);

/** title, preferred, and the edits of each action, for one diagnostic code. */
function summary(actions: CodeAction[], uri: string, code: string) {
  return actions
    .filter((a) => a.diagnostics?.some((d) => d.code === code))
    .map((a) => [a.title, a.kind, a.isPreferred, a.edit!.changes![uri]]);
}

test('quick fixes for misspelt names, obsolete parameters, duplicates and invalid values', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-actions-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(
      uri,
      [
        'myhostname = mail.example.com',
        'smtpd_relay_restrictons = permit_mynetworks',
        'mynetworks = 127.0.0.0/8',
        '    [::1]/128',
        'mynetworks = 10.0.0.0/8',
        'smtpd_tls_security_level = mayy',
        'smtpd_banner = $myhostnme ESMTP',
        'smtpd_per_record_deadline = yes',
        '',
      ].join('\n'),
    );
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length >= 5);
    const actions = (await client.codeActions(uri, whole, diagnostics))!;
    assert.deepEqual(summary(actions, uri, 'unknown-parameter'), [
      ['Change smtpd_relay_restrictons to smtpd_relay_restrictions', 'quickfix', true, [{ range: r(1, 0, 1, 23), newText: 'smtpd_relay_restrictions' }]],
    ]);
    assert.deepEqual(summary(actions, uri, 'duplicate-parameter'), [
      ['Remove the overridden mynetworks on line 3', 'quickfix', true, [{ range: r(2, 0, 4, 0), newText: '' }]],
    ]);
    assert.deepEqual(summary(actions, uri, 'invalid-value'), [['Change to may', 'quickfix', true, [{ range: r(5, 27, 5, 31), newText: 'may' }]]]);
    assert.deepEqual(summary(actions, uri, 'undefined-reference'), [
      ['Change $myhostnme to $myhostname', 'quickfix', true, [{ range: r(6, 16, 6, 25), newText: 'myhostname' }]],
    ]);
    assert.deepEqual(summary(actions, uri, 'deprecated-parameter'), [
      ['Replace smtpd_per_record_deadline with smtpd_per_request_deadline', 'quickfix', true, [{ range: r(7, 0, 7, 25), newText: 'smtpd_per_request_deadline' }]],
    ]);
    // Only quick fixes are offered.
    assert.deepEqual(await client.codeActions(uri, whole, diagnostics, ['refactor']), []);
    assert.equal((await client.codeActions(uri, whole, diagnostics, ['quickfix']))!.length, actions.length);
    // Diagnostics of another tool are left alone.
    const foreign: Diagnostic = { ...diagnostics[0]!, source: 'other-linter' };
    assert.deepEqual(await client.codeActions(uri, whole, [foreign]), []);
  } finally {
    await client.shutdown();
  }
});

test('quick fixes for certificates: fullchain.pem instead of cert.pem, and TLS turned on', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-actions-cert-'));
  fs.writeFileSync(path.join(dir, 'cert.pem'), f.leaf.cert);
  fs.writeFileSync(path.join(dir, 'fullchain.pem'), f.leaf.cert + f.intermediate.cert);
  fs.writeFileSync(path.join(dir, 'privkey.pem'), f.leaf.key);
  const ca = f.file('actions-ca.pem', f.root.cert);
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ extraCaFile: ca });
    const certLine = `smtpd_tls_cert_file = ${dir}/cert.pem`;
    await client.open(uri, ['myhostname = mail.example.com', 'smtpd_tls_security_level = none', certLine, `smtpd_tls_key_file = ${dir}/privkey.pem`, ''].join('\n'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'cert-chain-incomplete') && d.some((x) => x.code === 'tls-disabled'));
    const actions = (await client.codeActions(uri, whole, diagnostics))!;
    assert.deepEqual(summary(actions, uri, 'cert-chain-incomplete'), [
      [`Use ${dir}/fullchain.pem (the certificate with its chain)`, 'quickfix', true, [{ range: r(2, certLine.length - 8, 2, certLine.length), newText: 'fullchain.pem' }]],
    ]);
    assert.deepEqual(summary(actions, uri, 'tls-disabled'), [
      ['Turn TLS on: smtpd_tls_security_level = may', 'quickfix', true, [{ range: r(1, 27, 1, 31), newText: 'may' }]],
      ['Turn TLS on: smtpd_tls_security_level = encrypt', 'quickfix', false, [{ range: r(1, 27, 1, 31), newText: 'encrypt' }]],
    ]);
    // Applying both fixes clears every finding.
    await client.change(uri, 2, ['myhostname = mail.example.com', 'smtpd_tls_security_level = may', `smtpd_tls_cert_file = ${dir}/fullchain.pem`, `smtpd_tls_key_file = ${dir}/privkey.pem`, ''].join('\n'));
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0), []);
  } finally {
    await client.shutdown();
  }
});
