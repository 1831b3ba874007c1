// The file-system facts some rules need (core/config/path-facts.ts): what stat() says about the paths
// the core asks for (the SASL back ends of the submission services), and whether the installed smtpd
// is Debian's. A path is stat()ed, never opened, so a FIFO or a device cannot hang or disturb the
// check. The language server gathers them only in a trusted workspace; the command line always.

import * as fs from 'node:fs';
import type { ConfigAnalysis } from '../core/analysis';
import type { PathFact, PathFacts } from '../core/config/path-facts';
import { backendPaths, saslBackends } from '../core/rules/submission/sasl-backend';
import { effective } from '../core/tls/config-targets';

/** At most this many paths per analysis: a real configuration needs a few; a generated one is not a reason to stat thousands. */
export const MAX_PATH_FACTS = 64;

export function statPath(path: string): PathFact {
  try {
    const st = fs.statSync(path);
    return { kind: st.isSocket() ? 'socket' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'no-access' };
    return { kind: 'error', code };
  }
}

/**
 * Debian's smtpd carries the tail of the Cyrus SASL search path it hands libsasl2
 * ("${config_directory}/" + this; debian/patches/07_sasl_config.diff), a string upstream's has not.
 */
const DEBIAN_SASL_PATH = Buffer.from('\0sasl:/usr/lib/sasl\0', 'latin1');
const MAX_BINARY = 64 * 1024 * 1024;
const CHUNK = 1 << 20;
const binaryCache = new Map<string, { key: string; debian: boolean }>();

/** Whether the smtpd program in `daemonDirectory` is Debian's; undefined when it cannot be read. */
export function isDebianSmtpd(daemonDirectory: string): boolean | undefined {
  const file = `${daemonDirectory.replace(/\/+$/, '')}/smtpd`;
  let fd: number | undefined;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_BINARY) return undefined;
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    const hit = binaryCache.get(file);
    if (hit?.key === key) return hit.debian;
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(CHUNK + DEBIAN_SASL_PATH.length);
    let kept = 0;
    let debian = false;
    for (let read = 0; read < MAX_BINARY; ) {
      const n = fs.readSync(fd, buf, kept, CHUNK, null);
      if (n === 0) break;
      read += n;
      const filled = kept + n;
      if (buf.subarray(0, filled).indexOf(DEBIAN_SASL_PATH) !== -1) {
        debian = true;
        break;
      }
      // Keep the tail, so a marker across two reads is found.
      kept = Math.min(filled, DEBIAN_SASL_PATH.length - 1);
      buf.copy(buf, 0, filled - kept, filled);
    }
    if (binaryCache.size >= 16) binaryCache.clear();
    binaryCache.set(file, { key, debian });
    return debian;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The analysis with the facts its rules need about this machine's paths. Nothing is looked at when
 * no submission service has SASL on (most edits of most files), and the smtpd program only when a
 * back end is Cyrus's, whose search path it decides.
 */
export function withPathFacts(a: ConfigAnalysis): ConfigAnalysis {
  const backends = saslBackends(a, undefined);
  const cyrus = backends.some((b) => b.type === 'cyrus');
  const debianSaslPath = cyrus ? isDebianSmtpd(effective(a, 'daemon_directory', null) || '/usr/libexec/postfix') : undefined;
  // Debian's search path changes where Cyrus's smtpd.conf is looked for; nothing else.
  const looked = debianSaslPath ? saslBackends(a, true) : backends;
  const paths = new Map<string, PathFact>();
  for (const p of backendPaths(looked).slice(0, MAX_PATH_FACTS)) paths.set(p, statPath(p));
  const facts: PathFacts = debianSaslPath === undefined ? { paths } : { paths, debianSaslPath };
  return { ...a, pathFacts: facts };
}
