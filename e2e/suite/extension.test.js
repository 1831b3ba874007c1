// Runs inside VS Code's extension host (e2e/run-ext-tests.mjs), against the extension installed from
// the .vsix, on the workspace of e2e/make-workspace.mjs (examples/ + a self-signed certificate for
// other.example.org named from main.cf).
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'postfix-lens.postfix-lens';
const ROOT = path.resolve(__dirname, '..', '..');

/** Polls fn every 100 ms until it returns a truthy value; fails after ms milliseconds. */
async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The code of a diagnostic as a string (a plain code, or { value, target } when it has a link). */
const codeOf = (d) => String(typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);

suite('postfix-lens in the extension host', () => {
  let doc;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'main.cf'));
    await vscode.window.showTextDocument(doc);
  });

  test('main.cf gets the Postfix main.cf language', () => {
    assert.strictEqual(doc.languageId, 'postfix-main-cf');
  });

  test('the extension activates for main.cf, from the packaged copy', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await waitFor('activation', () => ext.isActive);
    assert.notStrictEqual(path.resolve(ext.extensionPath), ROOT, 'runs the .vsix, not the source tree');
  });

  test('postfix-lens publishes diagnostics for main.cf', async () => {
    const codes = ['unknown-parameter', 'cert-self-signed', 'cert-name-mismatch'];
    let seen = [];
    const ours = await waitFor('postfix-lens diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'postfix-lens');
      seen = d.map(codeOf);
      return codes.every((c) => seen.includes(c)) ? d : undefined;
    }).catch((e) => {
      throw new Error(`${e.message}: wanted ${codes.join(', ')}; got [${seen.join(', ')}]`);
    });
    const typo = ours.find((d) => codeOf(d) === 'unknown-parameter');
    assert.match(typo.message, /smtpd_relay_restrictons/);
    assert.strictEqual(doc.lineAt(typo.range.start.line).text.startsWith('smtpd_relay_restrictons'), true);
    const mismatch = ours.find((d) => codeOf(d) === 'cert-name-mismatch');
    assert.strictEqual(mismatch.severity, vscode.DiagnosticSeverity.Error);
    assert.match(doc.lineAt(mismatch.range.start.line).text, /^smtpd_tls_cert_file\b/);
  });
});
