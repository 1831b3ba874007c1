// /etc/resolv.conf as glibc's resolver reads it (resolv/res_init.c), for the parts a DNS client needs:
// which servers to ask, how long and how often. Postfix asks through that resolver, so what it sees
// is what this returns. Pure: the text in, data out.

import { isIpLiteral } from '../probe/target';
import type { ResolverAddress } from './types';

export interface ResolvConf {
  /** At most three (glibc's MAXNS; later lines are ignored), port 53. */
  servers: ResolverAddress[];
  /** No valid nameserver line: glibc then asks 127.0.0.1, and so does `servers`. */
  defaulted: boolean;
  /** `options timeout:N`, seconds per try: glibc's default 5, at most 30. */
  timeoutSeconds: number;
  /** `options attempts:N`: glibc's default 2, at most 5. */
  attempts: number;
  /**
   * `options trust-ad`: glibc (2.31 and later) passes the AD bit on to programs, Postfix included,
   * only with it; without it Postfix never sees an answer as DNSSEC-validated.
   */
  trustAd: boolean;
  /** `options use-vc`: TCP only. */
  useVc: boolean;
}

const MAXNS = 3;

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { servers: [], defaulted: false, timeoutSeconds: 5, attempts: 2, trustAd: false, useVc: false };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith(';')) continue;
    // glibc matches the keyword at the very start of the line, followed by a space or a tab.
    const m = /^(nameserver|options)[ \t]+([^]*)$/.exec(line);
    if (!m) continue;
    // Words end at a space or a tab only: in a file with CRLF line ends, glibc reads "192.0.2.53\r",
    // which is no address, so the line is lost (and so it is here).
    const words = m[2]!.split(/[ \t]+/).filter((w) => w !== '');
    if (m[1] === 'nameserver') {
      const address = words[0];
      if (address !== undefined && conf.servers.length < MAXNS && isNameserverAddress(address)) conf.servers.push({ address, port: 53 });
      continue;
    }
    // Options match by their start, numbers are read as atoi() reads them: glibc's res_setoptions().
    for (const w of words) {
      const opt = /^(timeout|attempts):(\d+)/.exec(w);
      if (opt?.[1] === 'timeout') conf.timeoutSeconds = Math.min(Number(opt[2]), 30);
      else if (opt?.[1] === 'attempts') conf.attempts = Math.min(Number(opt[2]), 5);
      else if (w.startsWith('trust-ad')) conf.trustAd = true;
      else if (w.startsWith('use-vc')) conf.useVc = true;
    }
  }
  if (conf.servers.length === 0) {
    conf.servers.push({ address: '127.0.0.1', port: 53 });
    conf.defaulted = true;
  }
  return conf;
}

/** An IPv4 or IPv6 address, the IPv6 one possibly with a %scope (a link-local resolver). */
function isNameserverAddress(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct === -1) return isIpLiteral(s);
  return s.slice(0, pct).includes(':') && isIpLiteral(s.slice(0, pct)) && /^[A-Za-z0-9_.-]{1,16}$/.test(s.slice(pct + 1));
}
