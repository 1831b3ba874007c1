// The facts of `probe --mx DOMAIN` (core/dns/mx-probe.ts): the domain's MX and _mta-sts TXT records
// and its MTA-STS policy, then per MX host its A, AAAA and TLSA records and a probe of its first
// address on port 25 (STARTTLS; EHLO, STARTTLS and QUIT only). Addresses come from our DNS client
// with the caller's resolver, never getaddrinfo, and the probe connects to the address with the MX
// name as SNI. DNS lookups run all at once; probes at most PROBES_AT_ONCE at a time; one deadline
// and the caller's signal bound everything. Never throws.

import { setMaxListeners } from 'node:events';
import type { MxProbeFacts, MxProbeHostFacts } from '../../core/dns/mx-probe';
import { mxInOrder } from '../../core/dns/mx';
import type { PolicyFetchResult } from '../../core/dns/policy-fetch';
import { parseMtaStsRecords } from '../../core/dns/mta-sts';
import type { DnsRecordType, DnsResult, ResolverAddress } from '../../core/dns/types';
import { fetchMtaStsPolicy } from '../mta-sts-fetch';
import { probeServed } from '../probe/probe';
import { lookup } from './lookup';
import { slots } from '../slots';

export interface MxProbeOptions {
  domain: string;
  /** Default: /etc/resolv.conf's nameservers. */
  resolver?: ResolverAddress;
  /** PEM text of CA certificates trusted besides the public roots (the probe and the policy fetch). */
  caPem?: string;
  signal?: AbortSignal;
  /** Milliseconds for everything. Default 60000. */
  deadlineMs?: number;
  /** TESTS ONLY: the policy host's port (see fetchMtaStsPolicy). */
  policyPort?: number;
}

/** MX hosts probed at most; a domain lists a handful. */
export const MAX_MX_HOSTS = 16;
/** Probes running at once: each holds a connection and a TLS handshake. */
export const PROBES_AT_ONCE = 4;

export async function gatherMxProbe(o: MxProbeOptions): Promise<MxProbeFacts> {
  const all = new AbortController();
  // Every lookup and probe of the run listens on it at once: not a leak, each removes its own.
  setMaxListeners(0, all.signal);
  const deadlineMs = o.deadlineMs ?? 60_000;
  const started = performance.now();
  const timer = setTimeout(() => all.abort(new DOMException('the deadline passed', 'TimeoutError')), deadlineMs);
  const onAbort = () => all.abort(o.signal!.reason);
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort);
  const ask = (name: string, type: DnsRecordType): Promise<DnsResult> => lookup(name, type, { signal: all.signal, deadlineMs, ...(o.resolver ? { resolver: o.resolver } : {}) });
  try {
    const domain = o.domain.toLowerCase().replace(/\.$/, '');
    const [mx, mtaSts] = await Promise.all([ask(domain, 'MX'), ask(`_mta-sts.${domain}`, 'TXT')]);
    const policy = fetchPolicyIfPublished(domain, mtaSts, o, all.signal, deadlineMs);
    const records = mx.ok ? mx.answers.flatMap((r) => (r.type === 'MX' ? [r] : [])) : [];
    const implicitMx = mx.ok && mx.rcode === 'NOERROR' && records.length === 0;
    const seen = new Set<string>();
    const targets = implicitMx ? [{ exchange: domain, preference: 0 }] : mxInOrder(records).filter((r) => !seen.has(r.exchange) && seen.add(r.exchange)).slice(0, MAX_MX_HOSTS);
    const remaining = () => Math.max(1, deadlineMs - (performance.now() - started));
    const limit = slots(PROBES_AT_ONCE);
    const hosts = Promise.all(
      targets.map(async (t): Promise<MxProbeHostFacts> => {
        const [a, aaaa, tlsa] = await Promise.all([ask(t.exchange, 'A'), ask(t.exchange, 'AAAA'), ask(`_25._tcp.${t.exchange}`, 'TLSA')]);
        const address = [a, aaaa].flatMap((r) => (r.ok ? r.answers.flatMap((x) => (x.type === 'A' || x.type === 'AAAA' ? [x.address] : [])) : []))[0];
        const probe =
          address === undefined
            ? null
            : await limit(() => probeServed({ host: address, port: 25, mode: 'starttls', servername: t.exchange, hostnames: [t.exchange], caPem: o.caPem, timeoutMs: remaining(), signal: all.signal }));
        return { host: t.exchange, preference: t.preference, a, aaaa, tlsa, probe };
      }),
    );
    const [hostFacts, policyResult] = await Promise.all([hosts, policy]);
    return { domain, mx, implicitMx, hosts: hostFacts, mtaSts, ...(policyResult ? { policy: policyResult } : {}) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** The policy, fetched as senders fetch it, only when the domain publishes one v=STSv1 record. */
async function fetchPolicyIfPublished(domain: string, txt: DnsResult, o: MxProbeOptions, signal: AbortSignal, deadlineMs: number): Promise<PolicyFetchResult | undefined> {
  if (!txt.ok) return undefined;
  const records = txt.answers.flatMap((r) => (r.type === 'TXT' ? [r.strings] : []));
  if (records.length === 0 || !parseMtaStsRecords(records, `_mta-sts.${domain}`).record) return undefined;
  return fetchMtaStsPolicy(domain, {
    signal,
    deadlineMs,
    ...(o.resolver ? { resolver: o.resolver } : {}),
    ...(o.caPem ? { extraCaPem: o.caPem } : {}),
    ...(o.policyPort ? { port: o.policyPort } : {}),
  });
}

