// A certificate is attacker-controlled: its subject and names reach the hover as text, never as
// Markdown (no image, no HTML, no javascript: link, no code span), over the real protocol.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import { fixtures, utf8Certificate } from '../helpers/certificates';

/** A self-signed certificate whose subject and names are hostile Markdown and HTML. */
function hostileCertificate(keyPem: string): string {
  const subject = { cn: '<img src=x onerror=alert(1)>', o: '[x](javascript:alert(1)) `code` *bold* _it_' };
  return utf8Certificate(keyPem, subject, null, ['mail.example.com', '<script>x</script>.example.com']);
}

test('a hostile certificate subject is shown as text in the hover', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-hostile-'));
  const cert = path.join(dir, 'evil.pem');
  fs.writeFileSync(cert, hostileCertificate(f.otherKey) + f.otherKey);
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(uri, `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\n`);
    const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'cert-self-signed'));
    assert.ok(d.every((x) => x.range.start.line === 2));
    const hover = await client.hover(uri, { line: 2, character: 30 });
    const md = (hover!.contents as MarkupContent).value;
    assert.match(md, /- Subject: CN\\=\\<img src\\=x onerror\\=alert\\\(1\\\)\\>\\, O\\=\\\[x\\\]\\\(javascript\\:alert\\\(1\\\)\\\) \\`code\\` \\\*bold\\\* \\_it\\_/);
    assert.match(md, /\\<script\\>x\\<\\\/script\\>\\\.example\\\.com/);
    assert.doesNotMatch(md, /(^|[^\\])<img/);
    assert.doesNotMatch(md, /(^|[^\\])<script/);
    assert.ok(!md.includes('](javascript:'));
    assert.doesNotMatch(md, /(^|[^\\])`/, 'no code span');
    // The only links are ours.
    assert.deepEqual(md.match(/\]\([^)]*\)/g), ['](https://www.postfix.org/postconf.5.html#smtpd_tls_cert_file)']);
  } finally {
    await client.shutdown();
  }
});
