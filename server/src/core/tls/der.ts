// A minimal, bounded DER reader: enough to recognise what a binary file is (certificate, PKCS#12,
// private key, CSR, PKCS#7) and to check that a PEM body holds exactly one DER object. It never
// recurses and never throws; anything malformed reads as `undefined`.

/** One tag-length-value: `start` is where the tag byte is, `contentStart`/`end` bound the value. */
export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Reads the TLV at `offset`. Only definite lengths (DER), single-byte tags, lengths < 2^31. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) return undefined;
  return { tag, start: offset, contentStart, end };
}

/** The first `max` children of a constructed TLV; stops at the first malformed child. */
export function readChildren(bytes: Uint8Array, parent: Tlv, max = 12): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end && out.length < max) {
    const child = readTlv(bytes, offset, parent.end);
    if (!child) break;
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** Small non-negative INTEGER value, or -1 when it is not one. */
export function smallInteger(bytes: Uint8Array, tlv: Tlv | undefined): number {
  if (!tlv || tlv.tag !== 0x02) return -1;
  const len = tlv.end - tlv.contentStart;
  if (len < 1 || len > 2) return -1;
  let v = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) v = v * 256 + bytes[i]!;
  return v;
}

/** Dotted OID text of an OBJECT IDENTIFIER TLV, or '' when it is not one. */
export function oidText(bytes: Uint8Array, tlv: Tlv | undefined): string {
  if (!tlv || tlv.tag !== 0x06 || tlv.end - tlv.contentStart > 64) return '';
  const parts: number[] = [];
  let value = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) {
    const b = bytes[i]!;
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** True when `bytes` is exactly one complete DER object (no trailing bytes, not truncated). */
export function isSingleDerObject(bytes: Uint8Array): boolean {
  const top = readTlv(bytes, 0);
  return top !== undefined && top.end === bytes.length;
}
