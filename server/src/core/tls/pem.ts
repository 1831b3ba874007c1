// Splits the bytes of a PEM file into its blocks, the way OpenSSL's PEM reader sees them: a block
// starts with a line that begins (column 0) with "-----BEGIN <LABEL>-----"; text between blocks is
// ignored. Linear in the input, never throws. Lines are 0-based.

import { isSingleDerObject } from './der.js';
import { stripTrailing } from '../config/c-string';

export type PemKind = 'certificate' | 'private-key' | 'encrypted-private-key' | 'other';

export interface PemBlock {
  /** The label between BEGIN and the dashes, e.g. "CERTIFICATE", "EC PRIVATE KEY". */
  label: string;
  kind: PemKind;
  /** 0-based position among the file's blocks (Postfix logs it 1-based as "PEM object number"). */
  index: number;
  /** 0-based line of the BEGIN line. */
  line: number;
  /** RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" (legacy encrypted keys). */
  headers: ReadonlyMap<string, string>;
  /** The decoded body; absent when `damage` says why it could not be decoded. */
  der?: Uint8Array;
  damage?: string;
}

export interface PemScan {
  /** At most MAX_PEM_BLOCKS blocks, in file order. */
  blocks: PemBlock[];
  /** Every block seen, including those beyond the limit. */
  total: number;
}

export const MAX_PEM_BLOCKS = 10_000;

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
// The labels Postfix's loader accepts as keys (PKCS#8, PKCS#1 RSA, SEC1 EC, DSA).
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY']);
const BEGIN = '-----BEGIN ';
const UTF8_BOM = '\xef\xbb\xbf'; // as latin1 text
const BEGIN_LINE = /^-----BEGIN ([A-Z0-9 #._-]{1,64})-----[ \t\r]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function bytesToLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function scanPem(bytes: Uint8Array): PemScan {
  const text = bytesToLatin1(bytes);
  const blocks: PemBlock[] = [];
  let total = 0;
  let pos = 0;
  let line = 0;
  let counted = 0; // newlines before `counted` are included in `line`
  const nextEnd = finder(text, '\n-----END ');
  const nextBeginLine = finder(text, '\n' + BEGIN);
  const lineAt = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  for (;;) {
    const start = text.indexOf(BEGIN, pos);
    if (start === -1) break;
    const headEnd = lineEnd(text, start);
    pos = headEnd + 1;
    // OpenSSL only sees BEGIN at column 0; a UTF-8 byte order mark at the very start is skipped.
    if (start > 0 && text[start - 1] !== '\n' && !(start === 3 && text.startsWith(UTF8_BOM))) continue;
    const m = BEGIN_LINE.exec(text.slice(start, headEnd));
    if (!m) continue;
    const label = m[1]!;
    const beginLine = lineAt(start);
    const endAt = nextEnd(headEnd);
    const nextBegin = nextBeginLine(headEnd);
    total++;
    let bodyEnd: number;
    let damage: string | undefined;
    if (endAt === -1 || (nextBegin !== -1 && nextBegin < endAt)) {
      bodyEnd = nextBegin === -1 ? text.length : nextBegin;
      damage = `has no "-----END ${label}-----" line (the file looks cut off)`;
      pos = bodyEnd;
    } else {
      bodyEnd = endAt;
      const closeEnd = lineEnd(text, endAt + 1);
      const close = stripTrailing(text.slice(endAt + 1, closeEnd), ' \t\r');
      if (close !== `-----END ${label}-----`) damage = `ends with "${close.slice(0, 80)}" instead of "-----END ${label}-----"`;
      pos = closeEnd;
    }
    if (blocks.length >= MAX_PEM_BLOCKS) continue;
    const block = decodeBody(label, total - 1, beginLine, text.slice(headEnd + 1, bodyEnd));
    if (damage) {
      // A missing or wrong END line explains any damage of the body: report that.
      block.damage = damage;
      delete block.der;
    }
    blocks.push(block);
  }
  return { blocks, total };
}

/** indexOf for a needle searched from ever-increasing offsets: each byte is scanned once. */
function finder(text: string, needle: string): (from: number) => number {
  let last = -2;
  return (from) => {
    if (last === -1 || last >= from) return last;
    last = text.indexOf(needle, from);
    return last;
  };
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}

function decodeBody(label: string, index: number, line: number, body: string): PemBlock {
  const headers = new Map<string, string>();
  const lines = body.split('\n');
  let i = 0;
  // Headers: "Name: value" lines, then one empty line.
  if (lines.length > 0 && lines[0]!.includes(':')) {
    while (i < lines.length && lines[i]!.trim() !== '') {
      const h = lines[i]!;
      const colon = h.indexOf(':');
      if (colon > 0) headers.set(h.slice(0, colon).trim(), h.slice(colon + 1).trim());
      i++;
    }
    i++;
  }
  const block: PemBlock = { label, kind: kindOf(label, headers), index, line, headers };
  const b64 = lines.slice(i).join('').replace(/[ \t\r]/g, '');
  if (b64.length === 0) block.damage = 'is empty';
  else if (!BASE64.test(b64)) block.damage = 'contains characters that are not base64';
  else if (b64.length % 4 !== 0) block.damage = 'has truncated base64 (its length is not a multiple of 4)';
  else {
    const der = new Uint8Array(Buffer.from(b64, 'base64'));
    if (!isSingleDerObject(der)) block.damage = 'does not decode to one complete DER object (truncated or with extra data)';
    else block.der = der;
  }
  return block;
}

function kindOf(label: string, headers: ReadonlyMap<string, string>): PemKind {
  if (CERT_LABELS.has(label)) return 'certificate';
  if (label === 'ENCRYPTED PRIVATE KEY') return 'encrypted-private-key';
  if (KEY_LABELS.has(label)) return /ENCRYPTED/i.test(headers.get('Proc-Type') ?? '') ? 'encrypted-private-key' : 'private-key';
  return 'other';
}
