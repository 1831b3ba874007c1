// Go to definition, find references and document symbols over the real protocol, with exact ranges,
// across main.cf and master.cf; definition on a certificate path opens the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';

const r = (line: number, start: number, end: number, endLine = line) => ({ start: { line, character: start }, end: { line: endLine, character: end } });

test('definition, references and symbols across main.cf and master.cf', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-nav-'));
  const cert = path.join(dir, 'cert.pem');
  fs.writeFileSync(cert, 'not checked here\n');
  const main = pathToFileURL(path.join(dir, 'main.cf')).toString();
  const master = pathToFileURL(path.join(dir, 'master.cf')).toString();
  const client = new LspClient();
  try {
    await client.initialize();
    await client.open(main, ['myhostname = mail.example.com', 'smtpd_banner = $myhostname ESMTP', `smtpd_tls_cert_file = ${cert}`, 'alias_maps = hash:/etc/aliases,', '  ${myhostname?{hash:/etc/$myhostname}}', ''].join('\n'));
    await client.open(master, ['smtp inet n - y - - smtpd', 'submission inet n - y - - smtpd', '  -o myhostname=sub.example.com', '  -o smtpd_banner=${myhostname}', ''].join('\n'), 'postfix-master-cf');

    // From a main.cf $myhostname: the main.cf line, then the -o that overrides it for a service.
    assert.deepEqual(await client.definition(main, { line: 1, character: 18 }), [
      { uri: main, range: r(0, 0, 10) },
      { uri: master, range: r(2, 5, 15) },
    ]);
    // From master.cf: that service's own -o.
    assert.deepEqual(await client.definition(master, { line: 3, character: 22 }), [{ uri: master, range: r(2, 5, 15) }]);
    // A built-in default has no line to go to.
    await client.change(main, 2, ['myhostname = mail.example.com', 'smtpd_banner = $mail_name ESMTP', `smtpd_tls_cert_file = ${cert}`, 'alias_maps = hash:/etc/aliases,', '  ${myhostname?{hash:/etc/$myhostname}}', ''].join('\n'));
    assert.equal(await client.definition(main, { line: 1, character: 18 }), null);
    // The certificate path opens the file.
    assert.deepEqual(await client.definition(main, { line: 2, character: 30 }), [{ uri: pathToFileURL(cert).toString(), range: r(0, 0, 0) }]);

    // References: every $myhostname (nested forms and continuation lines included), names only.
    assert.deepEqual(await client.references(main, { line: 0, character: 4 }), [
      { uri: main, range: r(4, 4, 14) },
      { uri: main, range: r(4, 27, 37) },
      { uri: master, range: r(3, 20, 30) },
    ]);
    assert.deepEqual(await client.references(master, { line: 3, character: 22 }, true), [
      { uri: main, range: r(0, 0, 10) },
      { uri: master, range: r(2, 5, 15) },
      { uri: main, range: r(4, 4, 14) },
      { uri: main, range: r(4, 27, 37) },
      { uri: master, range: r(3, 20, 30) },
    ]);

    const mainSymbols = await client.documentSymbols(main);
    assert.deepEqual(mainSymbols!.map((s) => [s.name, s.kind, s.range, s.selectionRange]), [
      ['myhostname', 7, r(0, 0, 29), r(0, 0, 10)],
      ['smtpd_banner', 7, r(1, 0, 31), r(1, 0, 12)],
      ['smtpd_tls_cert_file', 7, r(2, 0, 22 + cert.length), r(2, 0, 19)],
      ['alias_maps', 7, r(3, 0, 39, 4), r(3, 0, 10)],
    ]);
    const masterSymbols = await client.documentSymbols(master);
    assert.deepEqual(masterSymbols!.map((s) => [s.name, s.kind, s.selectionRange, s.children!.map((c) => [c.name, c.detail, c.kind, c.selectionRange])]), [
      ['smtp/inet', 5, r(0, 0, 4), []],
      ['submission/inet', 5, r(1, 0, 10), [['myhostname', 'sub.example.com', 8, r(2, 5, 15)], ['smtpd_banner', '${myhostname}', 8, r(3, 5, 17)]]],
    ]);
  } finally {
    await client.shutdown();
  }
});
