// Reads a certificate or key file for the analysis without ever blocking the language server:
// only regular files, at most `limit` bytes (1 MiB), a FIFO or device is refused after fstat
// (O_NONBLOCK makes even the open of a FIFO return at once), and a timeout guards against a hung
// network filesystem. Never throws: every failure is a `reason` plus a message for a mail admin.

import { constants, type Stats } from 'node:fs';
import { open, readFile, stat, lstat, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { ReadFailureReason } from '../core/rules/certificates/evidence';

export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

export type { ReadFailureReason };

export type ReadResult = { ok: true; bytes: Uint8Array; stat: FileIdentity } | { ok: false; reason: ReadFailureReason; message: string };

export interface ReadOptions {
  /** Largest accepted file, bytes. Default 1 MiB. */
  limit?: number;
  /** Give up after this many milliseconds (reason 'error'). Default 2000. */
  timeoutMs?: number;
  /**
   * Asked, once the file is open and known to be a regular file within the limit, for a result
   * already held for the same file (device, inode, size, mtime): another spelling of its path or a
   * link to it. When it gives one, the file is not read again.
   */
  reuse?: (identity: FileIdentity) => ReadResult | undefined;
}

export const DEFAULT_LIMIT = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 2000;

export async function readFileSafely(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withTimeout(attempt(path, limit, options.reuse), timeoutMs, {
    ok: false,
    reason: 'error',
    message: `Reading ${path} took longer than ${timeoutMs / 1000} s (a hung network filesystem?); it was not checked.`,
  });
}

/** Resolves with `fallback` after `ms`; the work goes on in the background and is ignored. */
export function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

async function attempt(path: string, limit: number, reuse: ReadOptions['reuse']): Promise<ReadResult> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: 'not-regular', message: `${path} is ${kindOf(st)}, not a regular file; Postfix needs a PEM file here.` };
    if (st.size > limit) return tooLarge(path, st.size, limit);
    const held = reuse?.({ size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev });
    if (held) return held;
    const buffer = Buffer.alloc(Math.min(st.size, limit) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) return tooLarge(path, total, limit);
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, total), stat: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev } };
  } catch (e) {
    return failure(path, e);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function tooLarge(path: string, size: number, limit: number): ReadResult {
  return { ok: false, reason: 'too-large', message: `${path} is larger than ${Math.round(limit / 1024)} KiB (${size} bytes or more); a certificate chain is a few KiB, so this is not a certificate file.` };
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

async function failure(path: string, e: unknown): Promise<ReadResult> {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, reason: 'missing', message: `${path} does not exist.` };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, reason: 'unreadable', message: await unreadableMessage(path) };
    case 'ELOOP':
      return { ok: false, reason: 'loop', message: `${path} is a symbolic link that loops (or has too many levels of links).` };
    case 'EISDIR':
      return { ok: false, reason: 'not-regular', message: `${path} is a directory, not a regular file.` };
    case 'ENXIO':
    case 'ENODEV':
    case 'EOPNOTSUPP':
      return { ok: false, reason: 'not-regular', message: `${path} is a socket or device, not a regular file.` };
    default:
      return { ok: false, reason: 'error', message: `${path} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Who we are, and who may read the file: the usual case is a key readable by root only. */
async function unreadableMessage(path: string): Promise<string> {
  let me = 'an unknown user';
  try {
    const u = userInfo();
    me = `user ${u.username} (uid ${u.uid})`;
  } catch {
    // no passwd entry for our uid
  }
  let perms = '';
  try {
    const st = await stat(path).catch(() => lstat(path));
    const owner = (await nameOf('/etc/passwd', st.uid)) ?? String(st.uid);
    const group = (await nameOf('/etc/group', st.gid)) ?? String(st.gid);
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    perms = ` The file is owned by ${owner}:${group} with mode ${mode} (${symbolic(st.mode)}), so only ${who(st.mode)} can read it.`;
  } catch {
    // the directory itself is not searchable
  }
  return `${path} cannot be read: the language server runs as ${me}.${perms} Postfix reads it as root, so this is normal for a private key; postfix-lens cannot check it unless it runs with read access (for example as a member of the file's group).`;
}

function who(mode: number): string {
  if (mode & 0o004) return 'everyone';
  if (mode & 0o040) return mode & 0o400 ? 'its owner and group' : 'its group';
  return mode & 0o400 ? 'its owner' : 'nobody but root';
}

function symbolic(mode: number): string {
  const rwx = 'rwxrwxrwx';
  let s = '';
  for (let i = 0; i < 9; i++) s += mode & (0o400 >> i) ? rwx[i] : '-';
  return s;
}

/** Name for a numeric id from /etc/passwd or /etc/group (first field, third field is the id). */
async function nameOf(file: string, id: number): Promise<string | undefined> {
  try {
    const text = await readFile(file, { encoding: 'utf8', signal: AbortSignal.timeout(500) });
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f[2] === String(id)) return f[0];
    }
  } catch {
    // no such database (containers, NSS-only systems)
  }
  return undefined;
}
