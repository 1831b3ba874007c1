// postfixLens/certificateSummary over real JSON-RPC: the worst server-certificate verdict of the
// pair in a word or two, from the same checks as the diagnostics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';
import { fixtures } from '../helpers/certificates';
import type { CertificateSummary } from '../../server/src/protocol';

interface Case {
  what: string;
  main: (f: ReturnType<typeof fixtures>) => string;
  settings?: (f: ReturnType<typeof fixtures>) => Record<string, unknown>;
  master?: string;
  text: string | RegExp;
  level: CertificateSummary['level'];
  code: string | null;
}

const head = 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\n';
const pair = (cert: string, key: string) => `${head}smtpd_tls_cert_file = ${cert}\nsmtpd_tls_key_file = ${key}\n`;

const CASES: Case[] = [
  {
    what: 'a trusted chain that names the host',
    main: (f) => pair(f.file('sum-full.pem', f.leaf.cert + f.intermediate.cert), f.file('sum-full.key', f.leaf.key)),
    settings: (f) => ({ extraCaFile: f.file('sum-root.pem', f.root.cert), hostnames: ['smtp.example.com'] }),
    text: 'TLS ok',
    level: 'ok',
    code: null,
  },
  {
    what: 'self-signed (worse than the wrong name)',
    main: (f) => pair(f.file('sum-other.pem', f.selfSignedOther.cert), f.file('sum-other.key', f.selfSignedOther.key)),
    text: 'Self-signed',
    level: 'error',
    code: 'cert-self-signed',
  },
  {
    what: 'the wrong name',
    main: (f) => pair(f.file('sum-full2.pem', f.leaf.cert + f.intermediate.cert), f.file('sum-full2.key', f.leaf.key)),
    settings: (f) => ({ extraCaFile: f.file('sum-root2.pem', f.root.cert), hostnames: ['imap.example.net'] }),
    text: 'Name mismatch',
    level: 'error',
    code: 'cert-name-mismatch',
  },
  {
    what: 'cert.pem without its intermediate',
    main: (f) => pair(f.file('sum-leaf.pem', f.leaf.cert), f.file('sum-leaf.key', f.leaf.key)),
    settings: (f) => ({ extraCaFile: f.file('sum-root3.pem', f.root.cert) }),
    text: 'Chain incomplete',
    level: 'error',
    code: 'cert-chain-incomplete',
  },
  {
    what: 'ten days left',
    main: (f) => pair(f.file('sum-soon.pem', f.expiringSoon.cert + f.intermediate.cert), f.file('sum-soon.key', f.expiringSoon.key)),
    settings: (f) => ({ extraCaFile: f.file('sum-root4.pem', f.root.cert) }),
    text: /^Expires in (9|10) days$/,
    level: 'warning',
    code: 'cert-expiring-soon',
  },
  {
    what: 'a missing certificate file',
    main: () => pair('/nonexistent/postfix-lens/cert.pem', '/nonexistent/postfix-lens/key.pem'),
    text: 'Certificate missing',
    level: 'error',
    code: 'cert-file-missing',
  },
  {
    what: 'a certificate with TLS off',
    main: (f) => `myhostname = mail.example.com\nsmtpd_tls_security_level = none\nsmtpd_tls_cert_file = ${f.file('sum-off.pem', f.leaf.cert + f.intermediate.cert)}\nsmtpd_tls_key_file = ${f.file('sum-off.key', f.leaf.key)}\n`,
    settings: (f) => ({ extraCaFile: f.file('sum-root5.pem', f.root.cert) }),
    text: 'TLS off',
    level: 'error',
    code: 'tls-disabled',
  },
  {
    what: 'no certificate at all',
    main: () => 'myhostname = mail.example.com\n',
    text: 'TLS off',
    level: 'off',
    code: null,
  },
  {
    what: 'a bad client certificate does not count',
    main: (f) =>
      `${pair(f.file('sum-full6.pem', f.leaf.cert + f.intermediate.cert), f.file('sum-full6.key', f.leaf.key))}smtp_tls_cert_file = ${f.file('sum-client.pem', f.selfSignedOther.cert)}\nsmtp_tls_key_file = ${f.file('sum-client.key', f.otherKey)}\n`,
    settings: (f) => ({ extraCaFile: f.file('sum-root6.pem', f.root.cert) }),
    text: 'TLS ok',
    level: 'ok',
    code: null,
  },
  {
    what: 'a code turned off in postfixLens.severity is not shown',
    main: (f) => pair(f.file('sum-self.pem', f.selfSigned.cert), f.file('sum-self.key', f.selfSigned.key)),
    settings: () => ({ severity: { 'cert-self-signed': 'off', 'cert-untrusted': 'off' } }),
    text: 'TLS ok',
    level: 'ok',
    code: null,
  },
];

test('the status bar words for each verdict', { timeout: 120_000 }, async (t) => {
  const f = fixtures();
  for (const c of CASES) {
    await t.test(c.what, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-sum-'));
      const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
      const client = new LspClient();
      try {
        await client.initialize(c.settings?.(f) ?? {});
        await client.open(uri, c.main(f));
        const s = await client.request<CertificateSummary>('postfixLens/certificateSummary', { uri });
        if (typeof c.text === 'string') assert.equal(s.text, c.text, s.tooltip);
        else assert.match(s.text, c.text, s.tooltip);
        assert.equal(s.level, c.level, s.tooltip);
        assert.equal(s.code, c.code, s.tooltip);
        assert.match(s.tooltip, /Click to probe the live server\.$/);
      } finally {
        await client.shutdown();
      }
    });
  }
});

test('the summary of master.cf is its pair\'s; a service override counts; not Postfix: null', { timeout: 60_000 }, async () => {
  const f = fixtures();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-sum-'));
  const full = f.file('sum-m-full.pem', f.leaf.cert + f.intermediate.cert);
  const key = f.file('sum-m-full.key', f.leaf.key);
  fs.writeFileSync(path.join(dir, 'main.cf'), pair(full, key));
  const master = `smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=${f.file('sum-m-self.pem', f.selfSigned.cert)}\n  -o smtpd_tls_key_file=${f.file('sum-m-self.key', f.selfSigned.key)}\n`;
  const uri = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({ extraCaFile: f.file('sum-m-root.pem', f.root.cert) });
    await client.open(uri, master, 'postfix-master-cf');
    const s = await client.request<CertificateSummary>('postfixLens/certificateSummary', { uri });
    assert.equal(s.text, 'Self-signed');
    assert.match(s.tooltip, /self-signed/i);
    assert.equal(await client.request('postfixLens/certificateSummary', { uri: 'file:///tmp/notes.txt' }), null);
  } finally {
    await client.shutdown();
  }
});
