// The query as sent and the test a response must pass to be taken as its answer. dns-packet does the
// wire format; this only chooses the flags and compares.

import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import { sameDnsName } from '../../core/dns/name';
import type { DnsFailureReason, DnsRecordType, ResolverAddress } from '../../core/dns/types';

export interface Question {
  /** As dnsQueryName() gives it. */
  name: string;
  type: DnsRecordType;
}

/** What a lookup may still spend; every query of it (CNAME re-queries included) takes from it. */
export interface Budget {
  /** Aborted at the lookup's deadline (reason a TimeoutError) or by the caller. */
  signal: AbortSignal;
  /** Bytes it may still read, over UDP and TCP together. */
  bytesLeft: number;
}

export type Exchange =
  | { ok: true; response: packet.DecodedPacket; server: ResolverAddress }
  | { ok: false; reason: DnsFailureReason; detail: string; server: ResolverAddress; rcode?: string };

/** EDNS payload size of DNS Flag Day 2020: no IP fragmentation; larger answers come over TCP. */
const UDP_PAYLOAD = 1232;

/** A fresh random ID per query: an answer must echo it (RFC 5452). */
export function newQueryId(): number {
  return randomInt(65536);
}

/**
 * RD: the resolver recurses. AD in the query (RFC 6840 5.7) and DO in EDNS (RFC 3225): a validating
 * resolver reports in the AD bit of its answer whether it validated it, which is the DNSSEC status
 * Postfix trusts. CD stays clear, so a validating resolver answers SERVFAIL for bogus data.
 */
export function encodeQuery(id: number, q: Question): Buffer {
  return packet.encode({
    type: 'query',
    id,
    flags: packet.RECURSION_DESIRED | packet.AUTHENTIC_DATA,
    questions: [{ name: q.name, type: q.type, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: UDP_PAYLOAD, flags: packet.DNSSEC_OK } as packet.Answer],
  });
}

/** The response's decoding, or null when dns-packet cannot read it (it throws on a short or bad packet). */
export function decodeResponse(bytes: Buffer): packet.DecodedPacket | null {
  try {
    return packet.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The response answers this query: a response, the same ID, exactly our question (name, type, class
 * IN), a standard query. Anything else (a late answer to another query, a spoofing attempt, an
 * answer about another name) is not an answer at all, and the client keeps waiting.
 */
export function answersQuery(r: packet.DecodedPacket, id: number, q: Question): boolean {
  if (!r.flag_qr || r.id !== id || (r as { opcode?: string }).opcode !== 'QUERY') return false;
  const question = r.questions?.length === 1 ? r.questions[0]! : undefined;
  return question !== undefined && question.type === q.type && question.class === 'IN' && sameDnsName(question.name, q.name);
}

/** The response code, with EDNS's extended bits (RFC 6891) when an OPT record carries them. */
export function responseCode(r: packet.DecodedPacket): string {
  const opt = r.additionals?.find((a) => a.type === 'OPT') as packet.OptAnswer | undefined;
  if (opt && opt.extendedRcode) {
    const base = ((r.flags ?? 0) & 0xf) | (opt.extendedRcode << 4);
    return base === 16 ? 'BADVERS' : `RCODE_${base}`;
  }
  return (r as { rcode?: string }).rcode ?? 'RCODE_?';
}
