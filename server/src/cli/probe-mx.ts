// postfix-lens probe --mx DOMAIN: every MX host of DOMAIN, in the order senders try them, probed on
// port 25 and judged as a DANE sender and an MTA-STS sender in enforce mode would judge it. Text: a
// block per host and a closing sentence; --json: core/dns/mx-probe.ts's MxProbeReport.
// Exit status: 0 every MX host acceptable (or a Null MX), 1 one is not, 2 not found out.

import { domainToASCII } from 'node:url';
import { mxProbeExitStatus, mxProbeReport } from '../core/dns/mx-probe';
import { formatMxProbeReport } from '../core/dns/mx-probe-text';
import { dnsQueryName } from '../core/dns/name';
import { gatherMxProbe } from '../io/dns/mx-probe';
import { resolverOption, UsageError, type Parsed } from './args';
import { cancelledBySigint } from './sigint';
import type { Io } from './io';

/** Options that belong to probing one HOST[:PORT] and mean nothing with --mx. */
const SINGLE_HOST_ONLY = ['starttls', 'tls', 'servername', 'hostname', 'submission'];

export async function probeMx(a: Parsed, caPem: string | undefined, timeoutMs: number | undefined, io: Io): Promise<number> {
  const domainText = a.values.get('mx')!.at(-1)!;
  if (a.positional.length > 0) throw new UsageError('probe --mx DOMAIN takes no HOST[:PORT]: it probes the MX hosts of DOMAIN on port 25');
  for (const o of SINGLE_HOST_ONLY) if (a.flags.has(o) || a.values.has(o)) throw new UsageError(`--${o} does not go with --mx (MX hosts are probed with STARTTLS on port 25, each checked for its own name)`);
  // An internationalised name is asked for in its A-label form (xn--…), as DNS carries it.
  const domain = dnsQueryName(domainToASCII(domainText.replace(/\.$/, '')) || domainText);
  if (domain === null || domain === '' || domain === '.') throw new UsageError(`--mx "${domainText}": not a domain name`);
  const resolver = resolverOption(a);
  return cancelledBySigint(async (signal) => {
    const facts = await gatherMxProbe({ domain, signal, ...(resolver ? { resolver } : {}), ...(caPem ? { caPem } : {}), ...(timeoutMs ? { deadlineMs: timeoutMs } : {}) });
    const report = mxProbeReport(facts, new Date());
    io.out(a.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatMxProbeReport(report));
    return mxProbeExitStatus(report);
  });
}
