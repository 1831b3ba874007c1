// The common case of $name expansion, where every "$" is "$$" or a plain reference ($name, ${name},
// $(name)): no expressions, nothing that can fail. Values of this shape are most of a real main.cf,
// and a hostile one can hold hundreds of thousands of references. These walks do in one pass what
// the general expander (macro.ts) would do with a callback per piece; anything else they leave to it.

import { isAlnumCode } from './c-string';

export const CH_DOLLAR = 0x24; // $
export const CH_LPAREN = 0x28; // (
export const CH_RPAREN = 0x29; // )
export const CH_LBRACE = 0x7b; // {
export const CH_RBRACE = 0x7d; // }
const CH_UNDERSCORE = 0x5f; // _

/** The end of the name (ISALNUM or "_", as mac_parse() and mac_expand() read one) starting at `from`. */
export function nameEnd(s: string, from: number): number {
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isAlnumCode(c) && c !== CH_UNDERSCORE) break;
  }
  return i;
}

/** Where a reference's name starts: after "${" or "$(", or after the "$" of $name. */
export function plainNameStart(s: string, dollar: number): number {
  const c = s.charCodeAt(dollar + 1);
  return c === CH_LBRACE || c === CH_LPAREN ? dollar + 2 : dollar + 1;
}

/**
 * Calls `onRef(name start, name end, reference start, reference end)` for each reference of a text
 * whose every "$" is "$$" or a plain reference, in order. Returns false, as soon as it sees one,
 * when some "$" starts anything else (or when `onRef` returns false).
 */
export function forEachPlainRef(text: string, onRef: (nameStart: number, nameEnd: number, refStart: number, refEnd: number) => boolean): boolean {
  for (let d = text.indexOf('$'); d !== -1; d = text.indexOf('$', d)) {
    const open = text.charCodeAt(d + 1);
    if (open === CH_DOLLAR) {
      d += 2;
      continue;
    }
    const ns = plainNameStart(text, d);
    const ne = nameEnd(text, ns);
    if (ne === ns) return false;
    let refEnd = ne;
    if (ns === d + 2) {
      if (text.charCodeAt(ne) !== (open === CH_LBRACE ? CH_RBRACE : CH_RPAREN)) return false;
      refEnd = ne + 1;
    }
    if (!onRef(ns, ne, d, refEnd)) return false;
    d = refEnd;
  }
  return true;
}

/** Literal text between plain references, as mac_parse() copies it: "$$" is "$". */
export function unescapeDollars(s: string): string {
  return s.indexOf('$') === -1 ? s : s.replaceAll('$$', '$');
}
