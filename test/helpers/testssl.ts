// testssl.sh (Debian's package, command `testssl`) as the oracle of `probe --protocols`: which TLS
// versions a server offers (-p) and which suites with each (-E), read from its JSON file.
//
// It is slow (a process per suite and version), so the options cut what they can: --fast makes -E
// use the system openssl (one call per suite, instead of its own bash sockets: minutes faster),
// --nodns none, no connect or openssl hang longer than 5 s. The system openssl refuses TLS 1.0/1.1
// and weak suites at Debian's default security level, so it runs with an OPENSSL_CONF that lowers
// it, as the enumeration does for its own connections: both then offer the same suites (neither has
// RC4, DES, 3DES or EXPORT in OpenSSL 3).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { TlsVersionName } from '../../server/src/core/probe/protocols';
import { run } from './postfix-loopback';

export const TESTSSL = ['/usr/bin/testssl', '/usr/local/bin/testssl'].find((p) => fs.existsSync(p)) ?? (spawnSync('sh', ['-c', 'command -v testssl'], { encoding: 'utf8' }).stdout.trim() || null);

/** false (after a loud skip) when testssl.sh is not installed; under CI it fails instead. */
export function needTestssl(t?: TestContext): boolean {
  if (TESTSSL) return true;
  const why = 'testssl.sh is not installed (apt-get install testssl.sh): the comparison with testssl.sh DID NOT RUN';
  if (process.env.CI) throw new Error(`${why}, and CI must run it`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t?.skip(why);
  return false;
}

export interface TestsslResult {
  /** The versions testssl.sh found offered. */
  offered: TlsVersionName[];
  /** OpenSSL's suite names per version, as testssl.sh lists them. */
  suites: Partial<Record<TlsVersionName, string[]>>;
  ms: number;
  /** Its text output, for failure messages. */
  output: string;
}

const IDS: Record<string, TlsVersionName> = { TLS1: 'TLSv1', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };
const CIPHER_IDS: Record<string, TlsVersionName> = { tls1: 'TLSv1', tls1_1: 'TLSv1.1', tls1_2: 'TLSv1.2', tls1_3: 'TLSv1.3' };

/** `testssl --starttls smtp -p -E` on 127.0.0.1:port (STARTTLS). */
export async function testssl(port: number): Promise<TestsslResult> {
  if (!TESTSSL) throw new Error('testssl.sh is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-testssl-'));
  try {
    const conf = path.join(dir, 'openssl.cnf');
    fs.writeFileSync(conf, ['openssl_conf = default_conf', '[default_conf]', 'ssl_conf = ssl_sect', '[ssl_sect]', 'system_default = system_default_sect', '[system_default_sect]', 'MinProtocol = TLSv1', 'CipherString = ALL:COMPLEMENTOFALL:@SECLEVEL=0', ''].join('\n'));
    const json = path.join(dir, 'out.json');
    const args = ['--quiet', '--warnings', 'batch', '--nodns', 'none', '--sneaky', '--fast', '--connect-timeout', '5', '--openssl-timeout', '5', '--color', '0', '--jsonfile', json, '--starttls', 'smtp', '-p', '-E', `127.0.0.1:${port}`];
    const r = await run(TESTSSL, args, { env: { ...process.env, OPENSSL_CONF: conf }, timeoutMs: 240_000 });
    const output = `${r.stdout}${r.stderr}`;
    if (!fs.existsSync(json)) throw new Error(`testssl.sh wrote no JSON (status ${r.status}):\n${output}`);
    const entries = JSON.parse(fs.readFileSync(json, 'utf8')) as { id: string; finding: string }[];
    const offered: TlsVersionName[] = [];
    const suites: Partial<Record<TlsVersionName, string[]>> = {};
    for (const e of entries) {
      const version = IDS[e.id];
      if (version && /^offered/.test(e.finding)) offered.push(version);
      const m = /^cipher-(tls1(?:_[123])?)_x[0-9a-f]+$/.exec(e.id);
      const name = /\bx[0-9a-f]+\s+(\S+)/.exec(e.finding)?.[1];
      if (m && name) (suites[CIPHER_IDS[m[1]!]!] ??= []).push(name);
    }
    return { offered, suites, ms: r.ms, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
