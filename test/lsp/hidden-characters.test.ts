// Diagnostics over real JSON-RPC: a certificate path, a parameter name or a certificate subject that
// holds control, C1 or bidi characters reaches the editor's Problems panel as visible escapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';
import { fixtures } from '../helpers/certificates';
import { BIDI, C1_CSI, CLIPBOARD, hostileCertificate, TITLE } from '../helpers/hostile-text';

 
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

test('diagnostic messages show hidden characters of paths, names and subjects as escapes', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-hidden-'));
  const cert = path.join(dir, `cert${TITLE}.pem`);
  fs.writeFileSync(cert, hostileCertificate(f.otherKey) + f.otherKey);
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({});
    await client.open(
      uri,
      `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\n` +
        `smtpd_tls_CAfile = /nonexistent/${BIDI}${CLIPBOARD}.pem\nsmtpd_tls_key_file = /nonexistent/${BIDI}.key\nmy${C1_CSI}name = 1\n`,
    );
    const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'cert-self-signed') && x.some((y) => y.code === 'key-file-missing'));
    const message = (code: string) => String(d.find((x) => x.code === code)?.message);
    for (const x of d) assert.doesNotMatch(String(x.message), HIDDEN, `${x.code}: ${JSON.stringify(x.message)}`);
    assert.ok(message('key-file-missing').includes('gpj.\\u202eexe'), message('key-file-missing'));
    assert.ok(message('cert-self-signed').includes('\\u001b]52;c;'), message('cert-self-signed'));
  } finally {
    await client.shutdown();
  }
});
