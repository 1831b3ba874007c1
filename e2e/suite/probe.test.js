// The probe, the CSR command and the custom protocol, inside VS Code's extension host, against the
// extension installed from the .vsix (see extension.test.js). The commands are run with arguments,
// as a code lens or another extension runs them, so no dialog is involved.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { startSmtpServer } = require('../smtp-server.js');

const CERT_NAME = 'other.example.org'; // e2e/make-workspace.mjs's self-signed certificate

suite('postfix-lens probe and CSR commands', () => {
  let folder;

  suiteSetup(async () => {
    folder = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'main.cf'));
    await vscode.window.showTextDocument(doc);
    await vscode.extensions.getExtension('postfix-lens.postfix-lens').activate();
  });

  test('the commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['postfixLens.probe', 'postfixLens.probeProtocols', 'postfixLens.createCsr', 'postfixLens.checkDns']) assert.ok(all.includes(c), `${c} is registered`);
  });

  test('postfixLens.probe with a target probes it in the language server and returns the report', async () => {
    const server = await startSmtpServer({
      cert: fs.readFileSync(path.join(folder.fsPath, 'cert.pem')),
      key: fs.readFileSync(path.join(folder.fsPath, 'key.pem')),
    });
    try {
      const report = await vscode.commands.executeCommand('postfixLens.probe', { host: '127.0.0.1', port: server.port, mode: 'starttls', servername: CERT_NAME });
      assert.ok(report, 'the command returned a report');
      assert.strictEqual(report.outcome, 'refuse', report.sentence);
      assert.strictEqual(report.servername, CERT_NAME);
      assert.ok(report.verdict.problems.some((p) => p.code === 'cert-self-signed'), JSON.stringify(report.verdict.problems));
      assert.ok(server.lines.includes('STARTTLS'));
    } finally {
      await server.close();
    }
  });

  test('postfixLens.createCsr with arguments writes the key (0600) and the CSR beside main.cf', async () => {
    const uri = vscode.Uri.joinPath(folder, 'main.cf').toString();
    const r = await vscode.commands.executeCommand('postfixLens.createCsr', { uri, extraNames: ['smtp.example.com'], bits: 2048 });
    assert.ok(r && r.ok, JSON.stringify(r));
    assert.strictEqual(path.dirname(r.keyPath), folder.fsPath);
    assert.strictEqual(path.basename(r.keyPath), 'mail.example.com.key');
    assert.deepStrictEqual(r.names, ['mail.example.com', 'smtp.example.com']);
    assert.strictEqual(fs.statSync(r.keyPath).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(r.csrPath, 'utf8'), /^-----BEGIN CERTIFICATE REQUEST-----/);
  });
});
