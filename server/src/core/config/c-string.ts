// Character classes and comparisons exactly as Postfix's C code applies them (C locale, ASCII only).

/** ISSPACE(): space, \t, \n, \v, \f, \r. Bytes above 127 are never space. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** ISALNUM(): ASCII letters and digits only. */
export function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Postfix's alldig(): non-empty and only ASCII digits. */
export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

/** strspn() over the whitespace set " \t\n\v\f\r" starting at `from`; returns the index after it. */
export function skipSpace(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return i;
}

/** Trim trailing C whitespace. */
export function trimEndSpace(s: string): string {
  let e = s.length;
  while (e > 0 && isSpaceCode(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/**
 * strcmp() order. For text decoded from UTF-8 this is code point order, which differs from
 * JavaScript's UTF-16 order only for astral characters against U+E000..U+FFFF; for text decoded as
 * latin1 (one char per byte) it is byte order. Both are what postconf's qsort produces.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1; // a surrogate (astral) sorts after any BMP char
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * mystrtokq(): split at separator characters, but keep {...} together (braces may nest; a "}"
 * without its "{" is an ordinary character). Returns [start, end) offsets of each word.
 */
export function splitBracedWords(s: string, isSep: (c: number) => boolean): [number, number][] {
  return [...bracedWords(s, isSep)];
}

/** splitBracedWords() one word at a time (a line of megabytes need not be split all at once). */
export function* bracedWords(s: string, isSep: (c: number) => boolean): Generator<[number, number]> {
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSep(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    let level = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 123) level++;
      else if (level > 0 && c === 125) level--;
      else if (level === 0 && isSep(c)) break;
    }
    yield [start, i];
  }
}

/** balpar(): length of the balanced {...} at the start of s, or 0 when it does not close. */
export function balancedBraceLength(s: string): number {
  let level = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) level++;
    else if (c === 125 && --level === 0) return i + 1;
  }
  return 0;
}

/**
 * `s` without any of `chars` at its end. (An end-anchored regular expression such as /\/+$/ takes
 * quadratic time on a long run of those characters followed by another one; config values and
 * certificate files can be megabytes long.)
 */
export function stripTrailing(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && chars.includes(s[e - 1]!)) e--;
  return e === s.length ? s : s.slice(0, e);
}
