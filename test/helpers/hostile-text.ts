// Text that acts on a terminal or hides in it, for tests of what the command line and the editor
// show: terminal escapes, a CR that overwrites a line with a forged "Trusted: yes", a C1 CSI, a bidi
// override and other hidden characters; a certificate that carries them; and the assertion that
// printed bytes hold none of them as they are.

import assert from 'node:assert/strict';
import { utf8Certificate } from './certificates';

export const CLEAR = '\x1b[2J\x1b[H';
export const TITLE = '\x1b]0;pwned\x07';
export const CLIPBOARD = '\x1b]52;c;cm0gLXJmIH4K\x07';
export const FORGED = '\rTrusted:      yes';
export const C1_CSI = '\u009b31m';
export const BIDI = 'gpj.\u202eexe';
export const OTHERS = '\u007f\u0085\u2028\u200f\ufeff';
export const HOSTILE = CLEAR + TITLE + CLIPBOARD + FORGED + C1_CSI + BIDI + OTHERS;

/** Characters a terminal acts on or that reorder or hide text; LF and tab may pass. */
 
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

export function assertNothingRaw(bytes: Buffer, what: string): void {
  const text = bytes.toString('utf8');
  const m = RAW.exec(text);
  assert.equal(m, null, `${what} holds U+${m?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} as it is:\n${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 80), (m?.index ?? 0) + 80))}`);
  // Byte by byte as well: no C0 but LF and tab, no DEL, no UTF-8-encoded C1 (C2 80 to C2 9F).
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    assert.ok(b === 0x0a || b === 0x09 || (b >= 0x20 && b !== 0x7f), `${what}: byte 0x${b.toString(16)} at ${i}`);
    if (b === 0xc2) assert.ok(!(bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f), `${what}: a C1 control at ${i}`);
  }
}

/** A self-signed certificate whose subject and DNS names carry every kind of hostile text. */
export function hostileCertificate(keyPem: string): string {
  return utf8Certificate(keyPem, { cn: `mail.example.com${HOSTILE}`, o: `${BIDI}${C1_CSI}` }, null, [
    'mail.example.com',
    `evil${CLIPBOARD}.example.com`,
    `x${FORGED}`,
    `c1\u009b2J.example.com`,
  ]);
}
