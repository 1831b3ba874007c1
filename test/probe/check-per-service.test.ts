// check's per-service verdicts against the daemons of a real Postfix on loopback: main.cf says
// smtpd_banner = $custom_banner, and only some smtpd services set custom_banner with -o. The smtpd
// of a service with it greets with that banner; the smtpd of a service without it stops with
// "fatal: bad string length 0 < 1: smtpd_banner". invalid-value must name exactly the services whose
// smtpd stops. And an implicit-TLS service with smtpd_tls_security_level = none does TLS (smtpd
// ignores the level in wrapper mode), so tls-disabled must not call it broken.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { fixtures } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { needPostfix, startLoopbackPostfix, type LoopbackPostfix } from '../helpers/postfix-loopback';

const enabled = needPostfix();
const f = fixtures();

/** The first reply line, or the daemon's fatal error from the log, whichever comes first. */
function greeting(pf: LoopbackPostfix, name: string, port: number, useTls = false): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    let data = '';
    const finish = (result: string | Error) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(limit);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const socket: net.Socket = useTls ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
    socket.on('data', (b: Buffer) => {
      data += b.toString('latin1');
      const line = /^(.*)\r\n/.exec(data);
      if (line) finish(line[1]!);
    });
    socket.on('error', () => undefined); // the daemon's death closes the socket; the log says why
    const fatal = new RegExp(`postfix/${name}/smtpd\\[\\d+\\]: (fatal: .*)`);
    const poll = setInterval(() => {
      const m = fatal.exec(pf.maillog());
      if (m) finish(m[1]!);
    }, 50);
    const limit = setTimeout(() => finish(new Error(`${name}: neither a greeting nor a fatal error in 20 s`)), 20_000);
  });
}

describe('check against the smtpd daemons of a real Postfix', { skip: enabled ? false : 'Postfix cannot run here' }, () => {
  let pf: LoopbackPostfix;
  const chain = () => f.leaf.key + f.leaf.cert + f.intermediate.cert;

  before(async () => {
    pf = await startLoopbackPostfix(
      [
        { name: 'filter', chainPem: chain(), overrides: { custom_banner: 'filter.example.com_ready' } },
        { name: 'plain' },
        { name: 'implicit', overrides: { custom_banner: 'implicit', smtpd_tls_wrappermode: 'yes', smtpd_tls_security_level: 'none' } },
      ],
      ['smtpd_banner = $custom_banner'],
    );
  });

  after(async () => {
    await pf?.stop();
  });

  test('invalid-value names exactly the services whose smtpd stops on smtpd_banner', async () => {
    assert.equal(await greeting(pf, 'filter', pf.ports.filter!), '220 filter.example.com_ready');
    assert.match(await greeting(pf, 'plain', pf.ports.plain!), /^fatal: bad string length 0 < 1: smtpd_banner = $/);
    const r = runCli(['check', '--json', '--no-certificates', '--postfix-version', '3.7', pf.configDir]);
    const found = (JSON.parse(r.stdout.toString()) as { diagnostics: { code: string; message: string }[] }).diagnostics.filter((d) => d.code === 'invalid-value');
    assert.deepEqual(
      found.map((d) => d.message),
      [`smtpd_banner = "$custom_banner" (which expands to "" for 127.0.0.1:${pf.ports.plain}/inet): this parameter must not be empty. Postfix stops with a fatal error when it reads this.`],
    );
  });

  test('wrapper mode with smtpd_tls_security_level = none does TLS, and tls-disabled says nothing of it', async () => {
    assert.equal(await greeting(pf, 'implicit', pf.ports.implicit!, true), '220 implicit');
    // On loopback tls-disabled never speaks of TLS off; a copy where every service listens on all
    // addresses shows that it judges wrapper mode as smtpd does.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-public-'));
    try {
      fs.copyFileSync(path.join(pf.configDir, 'main.cf'), path.join(copy, 'main.cf'));
      fs.writeFileSync(path.join(copy, 'master.cf'), fs.readFileSync(path.join(pf.configDir, 'master.cf'), 'utf8').replace(/^127\.0\.0\.1:/gm, '0.0.0.0:'));
      const r = runCli(['check', '--json', '--no-certificates', '--postfix-version', '3.7', copy]);
      const tlsFindings = (JSON.parse(r.stdout.toString()) as { diagnostics: { code: string }[] }).diagnostics.filter((d) => d.code === 'tls-disabled');
      assert.deepEqual(tlsFindings, []);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
