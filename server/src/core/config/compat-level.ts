// Postfix's compatibility levels ("major[.minor[.patch]]") as compat_level.c reads them, for the
// <level, ==level, ... operators that postconf registers with mac_expand().

import { isDigitCode, skipSpace } from './c-string';

export const LONG_MAX = 9223372036854775807n;

/** strtol(): leading blanks, optional sign, decimal digits. Returns the value and the end offset. */
function strtol(s: string, from: number): { value: number; end: number; overflow: boolean } {
  let i = skipSpace(s, from);
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const d0 = i;
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  if (i === d0) return { value: 0, end: from, overflow: false };
  const v = Number(s.slice(d0, i));
  return { value: neg ? -v : v, end: i, overflow: i - d0 > 18 && BigInt(s.slice(d0, i)) > LONG_MAX };
}

const MAJOR_MAX = 2 ** 43 - 1; // LONG_MAX >> 20: what fits above the 20 bits of minor and patch

/** compat_level_from_string(): "major[.minor[.patch]]" as one comparable number, or null. */
export function compatLevelValue(s: string): number | null {
  const major = strtol(s, 0);
  if (major.end === 0 || !(major.end === s.length || s[major.end] === '.')) return null;
  if (major.overflow || major.value < 0 || major.value > MAJOR_MAX) return null;
  let res = major.value * 1048576;
  if (major.end === s.length) return res;
  const minor = strtol(s, major.end + 1);
  if (minor.end === major.end + 1 || !(minor.end === s.length || s[minor.end] === '.')) return null;
  if (minor.value < 0 || minor.value > 0x3ff) return null;
  res += minor.value * 1024;
  if (minor.end === s.length) return res;
  const patch = strtol(s, minor.end + 1);
  if (patch.end === minor.end + 1 || patch.end !== s.length) return null;
  if (patch.value < 0 || patch.value > 0x3ff) return null;
  return res + patch.value;
}

