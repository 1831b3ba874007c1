// MX records as senders use them (RFC 5321 section 5.1): by preference, the lowest first; the Null MX
// of RFC 7505; and whether an MX (or SRV) target is this server, by name or by address. Pure.

import { isIpLiteral } from '../probe/target';
import { nameForMessage } from '../config/quote';
import { sameDnsName } from './name';

export interface MxData {
  preference: number;
  /** The host, as core/dns/types.ts gives it ("." for the root: a Null MX). */
  exchange: string;
}

export type NullMx =
  /** Exactly one MX, preference 0, exchange ".": the domain accepts no mail (RFC 7505 section 3). */
  | { kind: 'null-mx' }
  /** A "." exchange beside other MX records, or with a preference other than 0: senders may try the others, or bounce. */
  | { kind: 'malformed'; message: string }
  | { kind: 'none' };

export function nullMx(records: readonly MxData[], domain: string): NullMx {
  const dots = records.filter((r) => isRoot(r.exchange));
  if (dots.length === 0) return { kind: 'none' };
  if (records.length === 1 && records[0]!.preference === 0) return { kind: 'null-mx' };
  const d = nameForMessage(domain);
  const why =
    records.length > 1
      ? `publishes a Null MX (".") beside ${records.length - 1} other MX record${records.length === 2 ? '' : 's'}: RFC 7505 section 3 allows it only alone, and senders then differ (some bounce, some try the others)`
      : `publishes a Null MX (".") with preference ${records[0]!.preference}, where RFC 7505 section 3 asks for 0`;
  return { kind: 'malformed', message: `${d} ${why}.` };
}

/** The records in the order senders try them: lowest preference first; equal ones keep their order (senders pick among them at random). No Null MX entry. */
export function mxInOrder<T extends MxData>(records: readonly T[]): T[] {
  return records.filter((r) => !isRoot(r.exchange)).sort((a, b) => a.preference - b.preference);
}

function isRoot(name: string): boolean {
  return name === '.' || name === '';
}

export interface ThisServerFacts {
  /** Names this server answers to (postfixLens.hostnames, --hostname). */
  hostnames: readonly string[];
  myhostname: string;
  /** The addresses of this machine's interfaces. */
  localAddresses: readonly string[];
  /** $inet_interfaces, as words ("all", "loopback-only", addresses, names). Only addresses count here. */
  inetInterfaces: readonly string[];
  /** The addresses the MX or SRV host resolves to (A and AAAA). */
  hostAddresses: readonly string[];
}

export type ThisServer =
  | { thisServer: true; by: 'name'; name: string }
  | { thisServer: true; by: 'address'; addresses: string[]; from: 'interface' | 'inet_interfaces' }
  | { thisServer: false };

/**
 * Is `host` this server? By name: $myhostname or a configured host name (DNS case rules, trailing dot
 * ignored). Else by address: one of the host's addresses is an address of this machine's interfaces
 * or one $inet_interfaces lists, compared in canonical form (IPv6 compressed, IPv4-mapped as IPv4).
 */
export function isThisServer(host: string, facts: ThisServerFacts): ThisServer {
  const name = [facts.myhostname, ...facts.hostnames].find((n) => n !== '' && sameDnsName(n, host));
  if (name !== undefined) return { thisServer: true, by: 'name', name };
  const mine = new Set(facts.hostAddresses.map(canonicalAddress).filter((a): a is string => a !== null));
  for (const [from, list] of [
    ['interface', facts.localAddresses],
    ['inet_interfaces', facts.inetInterfaces],
  ] as const) {
    const hits = [...new Set(list.map(canonicalAddress).filter((a): a is string => a !== null && mine.has(a)))];
    if (hits.length > 0) return { thisServer: true, by: 'address', addresses: hits, from };
  }
  return { thisServer: false };
}

/**
 * An IP address in one spelling per address, or null when `text` is none: brackets, an "ipv6:"
 * prefix (Postfix's form) and a zone ("%eth0") removed; IPv6 as the URL standard writes it
 * (compressed, lower case); IPv4-mapped IPv6 as IPv4.
 */
export function canonicalAddress(text: string): string | null {
  const a = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/^ipv6:/i, '').replace(/%.*$/, '');
  if (!isIpLiteral(a)) return null;
  if (!a.includes(':')) return a.split('.').map((p) => String(Number(p))).join('.');
  const v6 = new URL(`http://[${a}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (!mapped) return v6;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}
