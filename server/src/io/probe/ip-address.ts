// net.isIP() without its first-use cost: Node's IPv6 pattern is a very large regular expression
// whose first use compiles it (about 5 ms, a fair part of a whole probe process). Text with fewer
// than two colons cannot be an IPv6 address, so it never gets there.

import * as net from 'node:net';

/** 4, 6 or 0, as net.isIP(). */
export function ipVersion(s: string): 0 | 4 | 6 {
  const first = s.indexOf(':');
  if (first !== -1 && s.indexOf(':', first + 1) !== -1) return net.isIPv6(s) ? 6 : 0;
  return net.isIPv4(s) ? 4 : 0;
}

export const isIPv6 = (s: string): boolean => ipVersion(s) === 6;
