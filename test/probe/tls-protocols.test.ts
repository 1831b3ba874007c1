// Differential: what our reading of smtpd_tls_protocols / smtpd_tls_mandatory_protocols says a
// service allows is what a real Postfix 3.7 on loopback accepts, asked by `openssl s_client
// -starttls smtp` with each of -tls1, -tls1_1, -tls1_2 and -tls1_3. Our side reads the very
// main.cf and master.cf the server runs with (core/tls/smtpd-tls.ts over analyzeConfig).
//
// Debian's OpenSSL 3 client refuses TLS 1.0 and 1.1 at its default security level: s_client is
// told -cipher DEFAULT@SECLEVEL=0 to even try them. The server keeps Postfix's stock cipherlist, and
// accepts them: Postfix's default >=TLSv1 really does allow TLS 1.0 and 1.1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeConfig } from '../../server/src/core/validate';
import { smtpdTls } from '../../server/src/core/tls/smtpd-tls';
import type { Protocol } from '../../server/src/core/tls/protocols';
import { fixtures } from '../helpers/certificates';
import { needPostfix, run, startLoopbackPostfix, type LoopbackPostfix } from '../helpers/postfix-loopback';

const enabled = needPostfix();
const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => fs.existsSync(p));

const FLAGS: [Protocol, string][] = [
  ['TLSv1', '-tls1'],
  ['TLSv1.1', '-tls1_1'],
  ['TLSv1.2', '-tls1_2'],
  ['TLSv1.3', '-tls1_3'],
];

// -o values cannot hold white space: commas and colons separate here.
const SCENARIOS: { name: string; overrides: Record<string, string> }[] = [
  { name: 'default', overrides: {} },
  { name: 'floor12', overrides: { smtpd_tls_protocols: '>=TLSv1.2' } },
  { name: 'exclusions', overrides: { smtpd_tls_protocols: '!SSLv2,!SSLv3,!TLSv1' } },
  { name: 'inclusions', overrides: { smtpd_tls_protocols: 'TLSv1.1:TLSv1.2' } },
  { name: 'ceiling', overrides: { smtpd_tls_protocols: '<=TLSv1.2' } },
  { name: 'hex-bounds', overrides: { smtpd_tls_protocols: '>=0x0302,<=0x0303' } },
  { name: 'ignored-bound', overrides: { smtpd_tls_protocols: '>=0x0305,!TLSv1' } },
  // Mandatory TLS: the mandatory list applies, the other is not read.
  { name: 'mandatory', overrides: { smtpd_tls_security_level: 'encrypt', smtpd_tls_mandatory_protocols: '>=TLSv1.1,<=TLSv1.2', smtpd_tls_protocols: '>=TLSv1.3' } },
];

async function accepts(port: number, flag: string): Promise<boolean> {
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-starttls', 'smtp', flag, '-brief', '-cipher', 'DEFAULT@SECLEVEL=0'];
  const r = await run(OPENSSL!, args, { input: 'QUIT\r\n', timeoutMs: 15_000 });
  return r.status === 0 && /Protocol version: /.test(r.stderr + r.stdout);
}

describe('the protocol settings against a real Postfix and openssl s_client', { skip: enabled && OPENSSL ? false : 'Postfix or openssl cannot run here' }, () => {
  let pf: LoopbackPostfix;
  const f = fixtures();
  before(async () => {
    const chainPem = f.leaf.key + f.leaf.cert + f.intermediate.cert;
    pf = await startLoopbackPostfix(SCENARIOS.map((s) => ({ name: s.name, chainPem, overrides: s.overrides })));
  });
  after(async () => pf?.stop());

  test('each service accepts exactly the protocols our reading of its settings allows', async () => {
    const a = analyzeConfig(fs.readFileSync(path.join(pf.configDir, 'main.cf'), 'utf8'), fs.readFileSync(path.join(pf.configDir, 'master.cf'), 'utf8'), { version: '3.7' });
    const rows = await Promise.all(
      SCENARIOS.map(async (s) => {
        const port = pf.ports[s.name]!;
        const scope = a.model.scopes.find((x) => x.service.name === `127.0.0.1:${port}`)!;
        const settings = smtpdTls(a, scope)!;
        assert.ok(settings.protocols.ok, s.name);
        const ours = FLAGS.filter(([p]) => settings.protocols.ok && settings.protocols.enabled.includes(p)).map(([p]) => p);
        const theirs: Protocol[] = [];
        for (const [p, flag] of FLAGS) if (await accepts(port, flag)) theirs.push(p);
        return { name: s.name, ours, theirs, param: settings.protocolsParam };
      }),
    );
    for (const r of rows) assert.deepEqual(r.theirs, r.ours, `${r.name}: ${r.param}`);
    // The scenarios tell the syntaxes apart (not all the same answer).
    assert.deepEqual(rows.find((r) => r.name === 'mandatory')!.ours, ['TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(rows.find((r) => r.name === 'inclusions')!.ours, ['TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(rows.find((r) => r.name === 'default')!.ours, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });
});
