// How bytes from the network are shown: printable ASCII as is, everything else as \xNN (a
// backslash as \\), so a transcript line can never carry terminal escapes or broken UTF-8.

/** `raw` is latin1 text (one character per byte). */
export function escapeLine(raw: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) continue;
    out += raw.slice(plainFrom, i) + (c === 0x5c ? '\\\\' : `\\x${c.toString(16).padStart(2, '0')}`);
    plainFrom = i + 1;
  }
  return plainFrom === 0 ? raw : out + raw.slice(plainFrom);
}

export function escapeBytes(bytes: Uint8Array, max = 120): string {
  const shown = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, max)).toString('latin1');
  return escapeLine(shown) + (bytes.byteLength > max ? '…' : '');
}
