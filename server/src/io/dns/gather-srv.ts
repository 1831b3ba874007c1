// The submission SRV records of a domain (core/dns/srv.ts): `_submission._tcp` and
// `_submissions._tcp`, and for each target its A and AAAA and whether it is this server, as the MX
// hosts are judged. Under the caller's lookup (its deadline and signal); plain data only.

import { isThisServer, type ThisServerFacts } from '../../core/dns/mx';
import { SUBMISSION_SERVICES, srvInOrder, srvNotOffered, srvOwner, type SrvFacts, type SrvTargetFacts, type SubmissionService } from '../../core/dns/srv';
import type { DnsResult } from '../../core/dns/types';

export interface SrvContext {
  ask: (name: string, type: 'SRV' | 'A' | 'AAAA') => Promise<DnsResult>;
  thisServer: Omit<ThisServerFacts, 'hostAddresses'>;
}

/** Targets asked about per record set; a domain lists one or two. */
const MAX_TARGETS = 8;

export function gatherSrv(domain: string, ctx: SrvContext): Promise<SrvFacts[]> {
  return Promise.all(SUBMISSION_SERVICES.map((service) => gatherService(service, domain, ctx)));
}

async function gatherService(service: SubmissionService, domain: string, ctx: SrvContext): Promise<SrvFacts> {
  const owner = srvOwner(service, domain);
  const srv = await ctx.ask(owner, 'SRV');
  const records = srv.ok ? srv.answers.flatMap((r) => (r.type === 'SRV' ? [r] : [])) : [];
  const notOffered = srvNotOffered(records);
  const targets = notOffered ? [] : await Promise.all(srvInOrder(records).slice(0, MAX_TARGETS).map((r) => gatherTarget(r, ctx)));
  return { service, owner, srv, notOffered, targets };
}

async function gatherTarget(r: { priority: number; weight: number; port: number; target: string }, ctx: SrvContext): Promise<SrvTargetFacts> {
  const [a, aaaa] = await Promise.all([ctx.ask(r.target, 'A'), ctx.ask(r.target, 'AAAA')]);
  const hostAddresses = [a, aaaa].flatMap((x) => (x.ok ? x.answers.flatMap((y) => (y.type === 'A' || y.type === 'AAAA' ? [y.address] : [])) : []));
  return { priority: r.priority, weight: r.weight, port: r.port, target: r.target, a, aaaa, thisServer: isThisServer(r.target, { ...ctx.thisServer, hostAddresses }) };
}
