// What a DNS lookup gives the core: plain data, JSON-safe, no Buffer. Names are lower case, without
// the trailing dot. Every name and text here came from the network: escape it before showing it.

/** SOA is asked only for the AD bit of its answer (is the resolver validating?); its records are not kept. */
export type DnsRecordType = 'A' | 'AAAA' | 'MX' | 'TLSA' | 'TXT' | 'SRV' | 'CNAME' | 'SOA';

interface RecordBase {
  /** The owner name. */
  name: string;
  /** Seconds, as the resolver gave it (already counted down by a caching resolver). */
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A' | 'AAAA'; address: string })
  | (RecordBase & { type: 'MX'; preference: number; exchange: string })
  | (RecordBase & { type: 'SRV'; priority: number; weight: number; port: number; target: string })
  | (RecordBase & { type: 'CNAME'; target: string })
  /** TLSA (RFC 6698): the association data as lower-case hex. */
  | (RecordBase & { type: 'TLSA'; usage: number; selector: number; matchingType: number; data: string })
  /** TXT: its character-strings, one character per byte (Latin-1), so no byte is lost or merged. */
  | (RecordBase & { type: 'TXT'; strings: string[] });

/** A response the resolver gave: NOERROR (answers may be empty: no data) or NXDOMAIN. */
export interface DnsAnswer {
  ok: true;
  rcode: 'NOERROR' | 'NXDOMAIN';
  /**
   * The resolver's AD bit (for a CNAME chain: every response in it had AD). DNSSEC status as Postfix
   * trusts it: only a validating resolver on a trusted path sets it.
   */
  ad: boolean;
  /** The records of the type asked for, owned by the last name of the CNAME chain. */
  answers: DnsRecord[];
  /** The names the query went through: [] when the name asked had no CNAME, else each target in order. */
  cnameChain: string[];
  /**
   * Seconds the whole answer may be kept: the smallest TTL of its records and of the CNAMEs it went
   * through; with no records, the negative-caching TTL of the SOA sent with it (RFC 2308), else 0.
   */
  ttl: number;
  /** The resolver that answered, "address:port" ("[v6]:port"). */
  server: string;
}

export type DnsFailureReason =
  | 'timeout' /** no usable answer before the per-query timeouts and attempts, or the deadline */
  | 'aborted' /** the caller's signal, for a reason other than a timeout */
  | 'servfail'
  | 'refused'
  | 'rcode' /** another error code (FORMERR, NOTIMP...): see rcode */
  | 'truncated' /** truncated over UDP and TCP did not deliver it (refused, closed, truncated again) */
  | 'malformed' /** the resolver's answer could not be decoded */
  | 'too-large' /** more bytes came than the lookup accepts */
  | 'cname-loop'
  | 'cname-chain-too-long'
  | 'unreachable' /** the resolver's address or port refused (ICMP unreachable, TCP reset) */
  | 'bad-name' /** the name asked for is not a DNS name (see core/dns/name.ts) */
  | 'no-resolver'; /** no resolver address to ask */

export interface DnsFailure {
  ok: false;
  reason: DnsFailureReason;
  /** One line for a person: what was asked, what happened. */
  detail: string;
  /** For 'servfail', 'refused', 'rcode': the response code's name. */
  rcode?: string;
  /** The resolver concerned, when one was. */
  server?: string;
}

export type DnsResult = DnsAnswer | DnsFailure;

/** A resolver to ask: an IP literal (IPv6 without brackets) and a port. */
export interface ResolverAddress {
  address: string;
  port: number;
}

export function formatResolver(r: ResolverAddress): string {
  return r.address.includes(':') ? `[${r.address}]:${r.port}` : `${r.address}:${r.port}`;
}
