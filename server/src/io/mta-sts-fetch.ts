// fetchMtaStsPolicy(domain): the policy fetched as RFC 8461 (section 3.3) senders fetch it, as plain
// data for the core (core/dns/policy-fetch.ts). Never throws, never outlives its deadline.
//
// The address of mta-sts.<domain> comes from our DNS client with the caller's resolver, never from
// the system's getaddrinfo: `--resolver` must hold for every lookup, and a check must see what a
// sender asking that resolver sees. The HTTPS side is Node's own tls and http (mta-sts-https.ts).

import { dnsQueryName } from '../core/dns/name';
import type { PolicyFetchFailure, PolicyFetchResult } from '../core/dns/policy-fetch';
import type { DnsResult, ResolverAddress } from '../core/dns/types';
import { escapeHidden } from '../core/escape';
import { lookup } from './dns/lookup';
import { httpsGetPolicy, type Stage } from './mta-sts-https';

export interface PolicyFetchOptions {
  /** The resolver(s) for mta-sts.<domain>'s address. Default: /etc/resolv.conf's, asked by our DNS client. */
  resolver?: ResolverAddress | readonly ResolverAddress[];
  /** PEM text of CA certificates trusted besides Node's public roots (the contents of --ca-file). */
  extraCaPem?: string;
  /** Cancels the fetch (reason 'aborted'; a TimeoutError reason gives 'timeout'). */
  signal?: AbortSignal;
  /** Milliseconds for everything: the lookups, connection, TLS, headers and body. Default 15000. */
  deadlineMs?: number;
  /** Bytes of body read at most; one more and the fetch stops with 'too-large'. Default 64 KiB. */
  maxBytes?: number;
  /**
   * TESTS ONLY. RFC 8461 fixes port 443 and senders use nothing else; the tests use another port
   * only where they cannot listen on a loopback address's port 443 (not root).
   */
  port?: number;
}

export const POLICY_FETCH_DEFAULTS = { deadlineMs: 15_000, maxBytes: 64 * 1024 };

const POLICY_PATH = '/.well-known/mta-sts.txt';

export async function fetchMtaStsPolicy(domain: string, options: PolicyFetchOptions = {}): Promise<PolicyFetchResult> {
  const name = dnsQueryName(domain);
  const host = name === null ? null : dnsQueryName(`mta-sts.${name}`);
  const port = options.port ?? 443;
  if (host === null) {
    return { ok: false, reason: 'bad-name', url: '', detail: `"${escapeHidden(domain.slice(0, 300))}" is not a domain name whose MTA-STS policy can be fetched` };
  }
  const url = `https://${host}${port === 443 ? '' : `:${port}`}${POLICY_PATH}`;
  const deadlineMs = options.deadlineMs ?? POLICY_FETCH_DEFAULTS.deadlineMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('the deadline passed', 'TimeoutError')), deadlineMs);
  const onCallerAbort = () => deadline.abort(options.signal!.reason);
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort);
  const stopped = (stage: Stage, address?: string, bytes = 0): PolicyFetchFailure => stoppedFailure(deadline.signal, url, deadlineMs, stage, bytes, address);
  try {
    if (deadline.signal.aborted) return stopped('dns');
    const found = await addresses(host, options.resolver, deadline.signal);
    if (deadline.signal.aborted) return stopped('dns');
    if (!found.ok) return { ok: false, reason: 'dns', url, detail: found.detail };
    let failure: PolicyFetchFailure | undefined;
    // Another address only when this one could not be reached: a server that answered has spoken.
    for (const address of found.addresses) {
      const got = await httpsGetPolicy({ host, address, port, path: POLICY_PATH, url, extraCaPem: options.extraCaPem, signal: deadline.signal, maxBytes: options.maxBytes ?? POLICY_FETCH_DEFAULTS.maxBytes });
      if ('stoppedAt' in got) return stopped(got.stoppedAt, address, got.bytes);
      if (got.ok || got.reason !== 'connect') return got;
      failure = failure ? { ...got, detail: `${failure.detail}; ${got.detail}` } : got;
    }
    return failure!;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

type Addresses = { ok: true; addresses: string[] } | { ok: false; detail: string };

/** A and AAAA asked at once; IPv4 addresses first (a sender may try either). */
async function addresses(host: string, resolver: PolicyFetchOptions['resolver'], signal: AbortSignal): Promise<Addresses> {
  const o = resolver === undefined ? { signal } : { resolver, signal };
  const [a, aaaa] = await Promise.all([lookup(host, 'A', o), lookup(host, 'AAAA', o)]);
  const list = [a, aaaa].flatMap((r) => (r.ok ? r.answers.flatMap((x) => (x.type === 'A' || x.type === 'AAAA' ? [x.address] : [])) : []));
  if (list.length > 0) return { ok: true, addresses: list };
  const failed = [a, aaaa].find((r): r is DnsResult & { ok: false } => !r.ok);
  if (failed) return { ok: false, detail: `the address of ${host} could not be looked up: ${failed.detail}${failed.server ? ` (resolver ${failed.server})` : ''}` };
  if (a.ok && a.rcode === 'NXDOMAIN') return { ok: false, detail: `${host} does not exist (NXDOMAIN from ${a.server}): senders cannot fetch the policy` };
  return { ok: false, detail: `${host} has no A or AAAA record (asked ${a.ok ? a.server : ''}): senders cannot fetch the policy` };
}

const STAGE_WORDS: Record<Stage, (address: string | undefined, bytes: number) => string> = {
  dns: () => 'the address lookup had not finished',
  connect: (address) => `no TCP connection to ${address} had been made`,
  tls: () => 'the TLS handshake had not finished',
  headers: () => 'the response headers had not come',
  body: (_, bytes) => `the body had not come to its end (${bytes} bytes had)`,
};

function stoppedFailure(signal: AbortSignal, url: string, deadlineMs: number, stage: Stage, bytes: number, address?: string): PolicyFetchFailure {
  const where = STAGE_WORDS[stage](address, bytes);
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
  const f: PolicyFetchFailure = timedOut
    ? { ok: false, reason: 'timeout', url, detail: `${url} was not fetched within ${deadlineMs / 1000} s: ${where}` }
    : { ok: false, reason: 'aborted', url, detail: `fetching ${url} was cancelled: ${where}` };
  if (address !== undefined) f.address = address;
  return f;
}
