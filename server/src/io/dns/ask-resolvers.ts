// One question to the resolvers, as glibc's resolver asks them: in rounds, each resolver once per
// round, a resolver that answered with an error (SERVFAIL, REFUSED...) not asked again; the first
// NOERROR or NXDOMAIN answer wins. A truncated UDP answer is asked again over TCP, of the same resolver.

import { formatResolver, type ResolverAddress } from '../../core/dns/types';
import { queryTcp } from './tcp-query';
import { UdpChannel } from './udp-channel';
import { responseCode, type Budget, type Exchange, type Question } from './wire';

export interface AskOptions {
  /** Milliseconds per UDP try and per TCP exchange. */
  timeoutMs: number;
  /** UDP rounds. */
  attempts: number;
  /** resolv.conf's use-vc: TCP only. */
  tcpOnly: boolean;
}

/** A NOERROR or NXDOMAIN answer from one of `servers`, or why none came. */
export async function askResolvers(servers: readonly ResolverAddress[], q: Question, o: AskOptions, budget: Budget): Promise<Exchange> {
  const failures = new Map<number, Exchange>();
  // A failure already in `failures` or a final answer; TCP after truncation happens here.
  const settle = async (i: number, e: Exchange): Promise<Exchange | undefined> => {
    if (e.ok && e.response.flag_tc) {
      e = await queryTcp(e.server, q, o.timeoutMs, budget, true);
      if (e.ok && e.response.flag_tc) e = { ok: false, reason: 'truncated', detail: `${formatResolver(e.server)} truncated its answer over TCP too`, server: e.server };
    }
    if (e.ok) {
      const rcode = responseCode(e.response);
      if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') return e;
      e = rcodeFailure(rcode, e.server);
    }
    failures.set(i, e);
    return !e.ok && e.reason === 'too-large' ? e : undefined;
  };

  if (o.tcpOnly) {
    for (let i = 0; i < servers.length && !budget.signal.aborted; i++) {
      const final = await settle(i, await queryTcp(servers[i]!, q, o.timeoutMs, budget, false));
      if (final) return final;
    }
    return outcome(servers, failures, new Map(), budget);
  }

  const channels = new Map<number, UdpChannel>();
  try {
    for (let attempt = 0; attempt < o.attempts; attempt++) {
      for (let i = 0; i < servers.length; i++) {
        if (budget.signal.aborted) return outcome(servers, failures, channels, budget);
        // An answer that came late from a resolver asked before counts as soon as it is seen.
        for (const [j, c] of channels) {
          if (!failures.has(j) && c.settled) {
            const final = await settle(j, c.result()!);
            if (final) return final;
          }
        }
        if (failures.has(i)) continue;
        let channel = channels.get(i);
        if (!channel) channels.set(i, (channel = new UdpChannel(servers[i]!, q, budget)));
        await channel.tryOnce(o.timeoutMs);
        if (channel.settled) {
          const final = await settle(i, channel.result()!);
          if (final) return final;
        }
      }
    }
    return outcome(servers, failures, channels, budget);
  } finally {
    for (const c of channels.values()) c.close();
  }
}

function rcodeFailure(rcode: string, server: ResolverAddress): Exchange {
  const reason = rcode === 'SERVFAIL' ? 'servfail' : rcode === 'REFUSED' ? 'refused' : 'rcode';
  return { ok: false, reason, detail: `${formatResolver(server)} answered ${rcode}`, server, rcode };
}

/** Nothing final: the deadline, else an error a resolver gave, else what the silence was made of. */
function outcome(servers: readonly ResolverAddress[], failures: Map<number, Exchange>, channels: Map<number, UdpChannel>, budget: Budget): Exchange {
  if (budget.signal.aborted) {
    const byCaller = (budget.signal.reason as Error | undefined)?.name !== 'TimeoutError';
    // A TCP exchange the deadline cut says more ("over TCP") than the deadline alone.
    const cut = [...failures.values()].find((f) => !f.ok && f.reason === 'timeout');
    if (cut && !byCaller) return cut;
    return { ok: false, reason: byCaller ? 'aborted' : 'timeout', detail: byCaller ? 'the lookup was cancelled' : 'no answer before the deadline', server: servers[0]! };
  }
  for (let i = 0; i < servers.length; i++) {
    const f = failures.get(i);
    if (f && !f.ok && f.reason !== 'unreachable') return f;
  }
  const first = failures.get(0) ?? channels.get(0)?.silence();
  return first ?? { ok: false, reason: 'timeout', detail: `${formatResolver(servers[0]!)} gave no answer`, server: servers[0]! };
}
