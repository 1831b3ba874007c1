// Reading main.cf / master.cf for the command line: only regular files (a FIFO or a device would
// block or never end), without following into huge files, and decoded so that no byte is lost:
// UTF-8 when the file is valid UTF-8, else Latin-1 (one character per byte), which is how Postfix,
// reading bytes, sees it. `encoding` tells the caller how to write text back byte for byte.

import * as fs from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';

export const CONFIG_SIZE_LIMIT = 256 * 1024 * 1024;

export type ReadConfigResult =
  | { ok: true; text: string; encoding: 'utf8' | 'latin1'; mtimeMs: number; size: number }
  /**
   * `code`: the errno name of a failed open (ENOENT, EACCES, ...), EISDIR, or "not-regular" / "too-large".
   * `tooLarge`: the file's size when it is over the limit the caller gave (it was not read).
   */
  | { ok: false; missing: boolean; message: string; code: string; tooLarge?: { size: number; mtimeMs: number } };

export interface ReadConfigOptions {
  /** Decode as Latin-1 whatever the bytes are: one character per byte, as Postfix's C code sees them. */
  latin1?: boolean;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  ENXIO: 'No such device or address',
  ENODEV: 'No such device',
  EIO: 'Input/output error',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EOVERFLOW: 'Value too large for defined data type',
  ETXTBSY: 'Text file busy',
  EFBIG: 'File too large',
  'too-large': 'File too large',
};

/** What the C library's strerror() says for an errno name (what Postfix prints with %m). */
export function errnoMessage(code: string): string {
  return Object.hasOwn(ERRNO_TEXT, code) ? ERRNO_TEXT[code] : code;
}

export function decodeConfigBytes(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'latin1' } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Native checks (Node >= 18.14): pure ASCII is both encodings; valid UTF-8 decodes as such.
  if (isAscii(buf)) return { text: buf.toString('latin1'), encoding: 'utf8' };
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf8' };
  return { text: buf.toString('latin1'), encoding: 'latin1' };
}

export function readConfigFileSync(path: string, options: ReadConfigOptions = {}): ReadConfigResult {
  let fd: number;
  try {
    // Never open what is not a regular file (opening a device can have effects of its own); the
    // check after the open catches a file swapped in between, and O_NONBLOCK keeps a FIFO from blocking.
    const st = fs.statSync(path);
    if (st.isDirectory()) return { ok: false, missing: false, message: `${path}: is a directory`, code: 'EISDIR' };
    if (!st.isFile()) return notRegular(path);
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? 'EIO';
    if (code === 'ENOENT') return { ok: false, missing: true, message: `${path}: no such file`, code };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, missing: false, message: `${path}: permission denied`, code };
    if (code === 'ELOOP') return { ok: false, missing: false, message: `${path}: too many levels of symbolic links`, code };
    if (code === 'EISDIR') return { ok: false, missing: false, message: `${path}: is a directory`, code };
    return { ok: false, missing: false, message: `${path}: ${err.message}`, code };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { ok: false, missing: false, message: `${path}: is a directory`, code: 'EISDIR' };
    if (!st.isFile()) return notRegular(path);
    if (st.size > CONFIG_SIZE_LIMIT) return { ok: false, missing: false, message: `${path}: too large (${st.size} bytes; the limit is ${CONFIG_SIZE_LIMIT})`, code: 'too-large' };
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = fs.readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const { text, encoding } = options.latin1 ? { text: buf.toString('latin1', 0, got), encoding: 'latin1' as const } : decodeConfigBytes(buf.subarray(0, got));
    return { ok: true, text, encoding, mtimeMs: st.mtimeMs, size: got };
  } catch (e) {
    return { ok: false, missing: false, message: `${path}: ${(e as Error).message}`, code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    fs.closeSync(fd);
  }
}

function notRegular(path: string): ReadConfigResult {
  return { ok: false, missing: false, message: `${path}: not a regular file (a FIFO, socket or device cannot be a configuration file)`, code: 'not-regular' };
}

/**
 * readConfigFileSync for a file read again and again (the language server reads the sibling
 * master.cf of an open main.cf on every edit): an unchanged file (same device, inode, size and
 * mtime) costs one stat. Successful reads only are kept, for at most `maxEntries` paths.
 */
export class ConfigFileCache {
  private readonly entries = new Map<string, { id: string; result: ReadConfigResult }>();

  constructor(private readonly maxEntries = 64) {}

  /** `limit`: a regular file larger than this many bytes is not read (the result says its size). */
  read(path: string, limit = CONFIG_SIZE_LIMIT): ReadConfigResult {
    let id: string | undefined;
    try {
      const st = fs.statSync(path, { throwIfNoEntry: false });
      if (st?.isFile()) id = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
      if (st?.isFile() && st.size > limit) {
        this.entries.delete(path);
        return { ok: false, missing: false, message: `${path}: too large (${st.size} bytes; the limit is ${limit})`, code: 'too-large', tooLarge: { size: st.size, mtimeMs: st.mtimeMs } };
      }
    } catch {
      /* readConfigFileSync says why */
    }
    const hit = id === undefined ? undefined : this.entries.get(path);
    if (hit && hit.id === id) return hit.result;
    const result = readConfigFileSync(path);
    this.entries.delete(path);
    if (result.ok && id !== undefined) {
      this.entries.set(path, { id, result });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return result;
  }

  clear(): void {
    this.entries.clear();
  }
}
