// The cipher suites the installed OpenSSL yields for a cipher list: `openssl ciphers -s -v -- LIST`
// (-s: only suites OpenSSL would negotiate at its configured security level, as Postfix's would;
// "--": the list is never read as an option, even when it starts with "-"). Spawned with an
// argument vector and no shell, never in an untrusted workspace (the caller says), with bounded
// time and output; answers are cached per list. The parse of the output is core's
// (tls/cipher-list.ts: parseOpensslCiphers).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseOpensslCiphers, type CipherSuitesAnswer } from '../core/tls/cipher-list';

export type OpensslCiphersResult = CipherSuitesAnswer;

export interface OpensslCiphersOptions {
  /** The openssl binary; default: the first absolute $PATH entry that has it, else /usr/bin/openssl. */
  openssl?: string | null;
  timeoutMs?: number;
  /** Output past this many bytes stops the run. */
  maxOutput?: number;
}

/** Longer lists are refused unrun: Postfix's own are a few dozen characters, and Linux caps one argument at 128 KiB. */
export const MAX_LIST_LENGTH = 16 * 1024;
const CACHE_SIZE = 64;

export function findOpenssl(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin']) {
    if (!path.isAbsolute(dir)) continue;
    const p = path.join(dir, 'openssl');
    try {
      const st = fs.statSync(p);
      if (st.isFile() && (st.mode & 0o111) !== 0) return p;
    } catch {
      /* not there */
    }
  }
  return null;
}

export class OpensslCiphers {
  private readonly cache = new Map<string, Promise<OpensslCiphersResult>>();
  private readonly openssl: string | null;
  private readonly timeoutMs: number;
  private readonly maxOutput: number;

  constructor(options: OpensslCiphersOptions = {}) {
    this.openssl = options.openssl === undefined ? findOpenssl() : options.openssl;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxOutput = options.maxOutput ?? 256 * 1024;
  }

  /** The suites for a list; `trusted` false: nothing is run. */
  list(cipherList: string, trusted: boolean): Promise<OpensslCiphersResult> {
    if (!trusted) return Promise.resolve({ ok: false, why: 'the workspace is not trusted, so openssl is not run' });
    if (!this.openssl) return Promise.resolve({ ok: false, why: 'OpenSSL is not installed' });
    if (cipherList.length > MAX_LIST_LENGTH) return Promise.resolve({ ok: false, why: `the list is ${cipherList.length} characters long, too long to ask openssl about` });
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(cipherList)) return Promise.resolve({ ok: false, why: 'the list has control characters' });
    const hit = this.cache.get(cipherList);
    if (hit) {
      this.cache.delete(cipherList);
      this.cache.set(cipherList, hit);
      return hit;
    }
    const result = this.run(this.openssl, cipherList);
    this.cache.set(cipherList, result);
    // A failed run (a timeout, a crash) is asked again next time; OpenSSL's refusal of a list is kept.
    void result.then((r) => {
      if (!r.ok && !r.why.startsWith('OpenSSL refuses') && this.cache.get(cipherList) === result) this.cache.delete(cipherList);
    });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }

  private run(openssl: string, cipherList: string): Promise<OpensslCiphersResult> {
    // Loaded only here: most runs of the server never hover a cipher setting.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    return new Promise((resolve) => {
      let out = '';
      let err = '';
      let done = false;
      const finish = (r: OpensslCiphersResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(r);
      };
      const child = spawn(openssl, ['ciphers', '-s', '-v', '--', cipherList], { shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => finish({ ok: false, why: `openssl did not answer within ${this.timeoutMs} ms` }), this.timeoutMs);
      child.stdout.setEncoding('latin1');
      child.stderr.setEncoding('latin1');
      child.stdout.on('data', (d: string) => {
        out += d;
        if (out.length > this.maxOutput) finish({ ok: false, why: `openssl printed more than ${this.maxOutput} bytes` });
      });
      child.stderr.on('data', (d: string) => {
        if (err.length < 4096) err += d;
      });
      child.on('error', (e) => finish({ ok: false, why: `openssl could not be run: ${e.message}` }));
      child.on('close', (code) => {
        if (code === 0) finish({ ok: true, suites: parseOpensslCiphers(out) });
        else if (/Error in cipher list/.test(err)) {
          const reason = /SSL routines:[^:\n]*:([^:\n]{1,80}):/.exec(err)?.[1] ?? 'an error';
          finish({ ok: false, why: `OpenSSL refuses this list (${reason}), so Postfix fails every TLS handshake with it` });
        } else finish({ ok: false, why: `openssl exited with status ${code}` });
      });
    });
  }
}
