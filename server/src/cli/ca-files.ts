// --ca-file FILE... read for the command line: each file read with the size and time limits of
// read-file-safely.ts, and refused in words unless every PEM certificate block in it can be read as
// a certificate (a key, a DER file or a cut-off block would otherwise be ignored without a word, or
// make the TLS layer fail later with a message that names no file).

import { X509Certificate } from 'node:crypto';
import { readFileSafely } from '../io/read-file-safely';

const BLOCK = /-----BEGIN CERTIFICATE-----[^]*?-----END CERTIFICATE-----/g;

/** The PEM text of each file, or the line saying which file is bad and why. */
export async function readCaFiles(paths: readonly string[]): Promise<{ ok: true; pems: string[] } | { ok: false; message: string }> {
  const pems: string[] = [];
  for (const p of paths) {
    const r = await readFileSafely(p);
    if (!r.ok) return { ok: false, message: `cannot read the CA file: ${r.message}` };
    const text = Buffer.from(r.bytes).toString('latin1');
    const blocks = text.match(BLOCK) ?? [];
    if (blocks.length === 0) return { ok: false, message: `the CA file ${p} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)` };
    const bad = blocks.findIndex((b) => !readable(b));
    if (bad !== -1) return { ok: false, message: `the CA file ${p}: certificate ${bad + 1} of ${blocks.length} cannot be read as a certificate` };
    pems.push(text);
  }
  return { ok: true, pems };
}

function readable(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
