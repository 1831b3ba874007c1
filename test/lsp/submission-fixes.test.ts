// The submission rules in the editor, over the real protocol: quick fixes from the diagnostics the
// server published (with their data) to exact WorkspaceEdits, and the SASL back end looked for on
// this machine only once the workspace is trusted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';

const r = (line: number, start: number, endLine: number, end: number) => ({ start: { line, character: start }, end: { line: endLine, character: end } });
const codes = (d: Diagnostic[]) => d.map((x) => x.code);

test('AUTH before TLS and relaying refused: quick fixes add the -o lines; the Dovecot socket is looked for once trusted', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-sub-actions-'));
  fs.writeFileSync(
    path.join(dir, 'main.cf'),
    `compatibility_level = 3.6\nqueue_directory = ${dir}/queue\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${dir}/key.pem, ${dir}/fullchain.pem\n` +
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n',
  );
  const uri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const master = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_type=dovecot\n  -o smtpd_sasl_path=private/auth\n';
  const client = new LspClient();
  try {
    await client.initialize({}, { trusted: false });
    await client.open(uri, master, 'postfix-master-cf');
    // Untrusted: the configuration is judged, this machine's paths are not looked at.
    const untrusted = await client.waitForDiagnostics(uri, (d) => codes(d).includes('submission-auth-before-tls'));
    assert.deepEqual(codes(untrusted).filter((c) => String(c).startsWith('s')).sort(), ['submission-auth-before-tls', 'submission-relay-denied']);

    await client.conn.sendNotification('postfixLens/workspaceTrust', { trusted: true });
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('sasl-backend-missing'));
    const sasl = diagnostics.find((d) => d.code === 'sasl-backend-missing')!;
    assert.equal(sasl.severity, 3, 'information: the queue directory is not there');
    assert.match(String(sasl.message), new RegExp(`was not checked: the queue directory ${dir.replace(/[.]/g, '\\.')}/queue does not exist on this machine`));

    const actions = (await client.codeActions(uri, r(0, 0, 100, 0), diagnostics))!;
    const summary = (code: string) => actions.filter((a: CodeAction) => a.diagnostics?.some((d) => d.code === code)).map((a) => [a.title, a.kind, a.isPreferred, a.edit!.changes![uri]]);
    assert.deepEqual(summary('submission-auth-before-tls'), [
      ['Require TLS first: -o smtpd_tls_security_level=encrypt', 'quickfix', true, [{ range: r(2, 2, 2, 2), newText: '-o smtpd_tls_security_level=encrypt\n  ' }]],
    ]);
    assert.deepEqual(summary('submission-relay-denied'), [
      [
        'Let logged-in users send: -o smtpd_relay_restrictions=permit_sasl_authenticated,reject',
        'quickfix',
        true,
        [{ range: r(2, 2, 2, 2), newText: '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n  ' }],
      ],
    ]);
    assert.deepEqual(summary('sasl-backend-missing'), []);

    // Both applied, as the editor would: both findings go, the note on the socket stays.
    const fixed = master.replace('  -o syslog_name', '  -o smtpd_tls_security_level=encrypt\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n  -o syslog_name');
    await client.change(uri, 2, fixed);
    const after = await client.waitForDiagnostics(uri, (d) => !codes(d).includes('submission-auth-before-tls'));
    assert.deepEqual(codes(after).filter((c) => String(c).startsWith('s')), ['sasl-backend-missing']);
  } finally {
    await client.shutdown();
  }
});
