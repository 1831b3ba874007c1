// The submission SRV records of a domain (RFC 6186 section 3.1, RFC 8314 section 5.1): the names mail
// programs look up to find where to send mail, `_submission._tcp` (STARTTLS, port 587) and
// `_submissions._tcp` (TLS from the first byte, port 465). Pure.

import type { ThisServer } from './mx';
import type { DnsResult } from './types';

export type SubmissionService = 'submission' | 'submissions';
export const SUBMISSION_SERVICES: readonly SubmissionService[] = ['submission', 'submissions'];

export const srvOwner = (service: SubmissionService, domain: string): string => `_${service}._tcp.${domain}`;

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  /** Lower case, no trailing dot; "." (or "") for the root. */
  target: string;
}

export interface SrvTargetFacts extends SrvData {
  /** The A and AAAA lookups of the target. */
  a: DnsResult;
  aaaa: DnsResult;
  thisServer: ThisServer;
}

export interface SrvFacts {
  service: SubmissionService;
  /** _submission._tcp.<domain> or _submissions._tcp.<domain> */
  owner: string;
  srv: DnsResult;
  /** RFC 2782: one record whose target is "." says the service is decidedly not offered at the domain. */
  notOffered: boolean;
  /** The targets in the order clients try them, each once; none when not offered. */
  targets: SrvTargetFacts[];
}

/** The target "." (RFC 2782: "the service is decidedly not available at this domain"). */
export function isRootTarget(target: string): boolean {
  return target === '.' || target === '';
}

/** True when the only record is one with target "." (RFC 2782; RFC 6186 section 3.4 asks clients to heed it). */
export function srvNotOffered(records: readonly SrvData[]): boolean {
  return records.length === 1 && isRootTarget(records[0]!.target);
}

/**
 * The records clients try, in order: lowest priority first; within a priority the heavier weight
 * first (RFC 2782 picks by weighted chance; a report needs one stable order). Records with target
 * "." and repeated targets left out.
 */
export function srvInOrder<T extends SrvData>(records: readonly T[]): T[] {
  const seen = new Set<string>();
  return [...records]
    .filter((r) => !isRootTarget(r.target))
    .sort((x, y) => x.priority - y.priority || y.weight - x.weight || x.target.localeCompare(y.target) || x.port - y.port)
    .filter((r) => {
      const key = `${r.target}:${r.port}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
}

/** The port names master.cf may use for a port number (the /etc/services names Postfix's stock master.cf uses). */
const PORT_NAMES = new Map<number, readonly string[]>([
  [25, ['smtp']],
  [465, ['smtps', 'submissions']],
  [587, ['submission']],
]);

/** Does a master.cf service name ("submission", "127.0.0.1:587", "[::1]:smtps") listen on `port`? */
export function servicePortIs(serviceName: string, port: number): boolean {
  const p = serviceName.slice(serviceName.lastIndexOf(':') + 1).toLowerCase();
  return p === String(port) || (PORT_NAMES.get(port) ?? []).includes(p);
}
