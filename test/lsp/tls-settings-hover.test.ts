// The hover of the TLS protocol and cipher settings over the real protocol: the protocol range a
// setting yields, the OpenSSL list smtpd builds, the suites the installed OpenSSL yields (trusted
// workspaces only), and hostile values shown as text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp-client';
import { unescapeMarkdown } from '../../server/src/core/markdown';
import { findOpenssl } from '../../server/src/io/openssl-ciphers';

const MAIN = [
  'smtpd_tls_security_level = may',
  'smtpd_tls_protocols = !SSLv2, !SSLv3',
  'smtpd_tls_mandatory_protocols = >=TLSv1.2 <=TLSv1.3',
  'smtpd_tls_ciphers = medium',
  'smtpd_tls_exclude_ciphers = aNULL, CAMELLIA',
  // ($(...) would be a Postfix macro, and a malformed one empties the value: a shell's backticks instead.)
  "tls_low_cipherlist = HIGH<img src=x onerror=alert(1)>`touch /tmp/postfix-lens-pwned`'\"",
  'smtpd_tls_mandatory_ciphers = low',
  '',
].join('\n');

async function hoverText(client: LspClient, uri: string, line: number): Promise<string> {
  const h = await client.hover(uri, { line, character: 2 });
  return (h!.contents as MarkupContent).value;
}

/** A server with MAIN open (in a trusted workspace unless said), for `fn` to hover in. */
async function withMainOpen(fn: (hover: (line: number) => Promise<string>) => Promise<void>, trusted = true): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-tls-hover-'));
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize({}, trusted ? undefined : { trusted: false });
    await client.open(uri, MAIN);
    await fn((line) => hoverText(client, uri, line));
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('trusted: the protocol range, the list smtpd builds, and the suites OpenSSL yields', { timeout: 60_000, skip: findOpenssl() ? false : 'openssl is not installed' }, async () => {
  await withMainOpen(async (hover) => {
    const protocols = unescapeMarkdown(await hover(1));
    assert.match(protocols, /\*\*TLS protocols\*\*: TLS 1\.0 – TLS 1\.3 \(SSLv2, SSLv3 excluded\)/);
    assert.match(protocols, /In effect for this server: TLS is optional there\./);
    const mandatory = unescapeMarkdown(await hover(2));
    assert.match(mandatory, /\*\*TLS protocols\*\*: TLS 1\.2, TLS 1\.3/);
    assert.match(mandatory, /Not in effect for this server: TLS is optional there/);

    const ciphers = await hover(3);
    const plain = unescapeMarkdown(ciphers);
    assert.match(plain, /\*\*OpenSSL cipher list\*\* \(as smtpd builds it\): aNULL:-aNULL:HIGH:MEDIUM:\+RC4:@STRENGTH:!aNULL:!CAMELLIA/);
    assert.match(plain, /\*\*Cipher suites the installed OpenSSL yields\*\* \(\d+, TLS 1\.3 suites always included\):/);
    assert.match(plain, /- TLS_AES_256_GCM_SHA384 \(TLSv1\.3\)\n/);
    assert.match(plain, /- AES256-GCM-SHA384 \(TLSv1\.2\): no forward secrecy/);
    assert.doesNotMatch(plain, /- [A-Z0-9-]*CAMELLIA/, 'the exclusion removed the CAMELLIA suites');
  });
});

test('a hostile cipherlist is text in the hover, and OpenSSL\'s refusal of it is said', { timeout: 60_000, skip: findOpenssl() ? false : 'openssl is not installed' }, async () => {
  await withMainOpen(async (hover) => {
    const md = await hover(6);
    assert.doesNotMatch(md, /(^|[^\\])<img/);
    assert.doesNotMatch(md, /(^|[^\\])`/, 'no code span');
    assert.match(unescapeMarkdown(md), /HIGH<img src=x onerror=alert\(1\)>`touch \/tmp\/postfix-lens-pwned`'":!aNULL:!CAMELLIA/);
    assert.match(unescapeMarkdown(md), /Cipher suites: not listed \(OpenSSL refuses this list \(/);
    assert.equal(fs.existsSync('/tmp/postfix-lens-pwned'), false);
  });
});

test('untrusted: the list is shown, openssl is not run', { timeout: 60_000 }, async () => {
  await withMainOpen(async (hover) => {
    const plain = unescapeMarkdown(await hover(3));
    assert.match(plain, /\*\*OpenSSL cipher list\*\* \(as smtpd builds it\): aNULL:-aNULL:HIGH/);
    assert.match(plain, /Cipher suites: not listed \(the workspace is not trusted, so openssl is not run\)/);
    assert.doesNotMatch(plain, /TLS_AES_256_GCM_SHA384/);
  }, false);
});
