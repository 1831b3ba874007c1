// postfix-lens probe --protocols HOST[:PORT]: which TLS versions, suites and groups the server
// accepts, and whether it imposes its suite order (io/probe/enumerate.ts), judged for the port's
// role (a submission port: 587, 465 or --submission; an MX port otherwise).
// Exit status: 0 nothing weak, 1 a weak protocol or suite, 2 not learnt (or a usage problem).

import { judgeProtocols, protocolsExitStatus } from '../core/probe/protocols';
import { formatProtocolsReport } from '../core/probe/protocols-text';
import type { ProbeMode } from '../core/probe/types';
import { enumerateProtocols } from '../io/probe/enumerate';
import { UsageError, type Parsed } from './args';
import type { Io } from './io';
import { cancelledBySigint } from './sigint';
import type { HostPort } from '../core/probe/target';

/** Options of the certificate verdict that mean nothing to the enumeration. */
const VERDICT_ONLY = ['hostname', 'ca-file', 'mx', 'resolver'];

export async function probeProtocols(a: Parsed, target: HostPort, mode: ProbeMode | undefined, timeoutMs: number | undefined, io: Io): Promise<number> {
  for (const o of VERDICT_ONLY) if (a.flags.has(o) || a.values.has(o)) throw new UsageError(`--${o} does not go with --protocols (it lists what the server accepts; the certificate is the plain probe's)`);
  return cancelledBySigint(async (signal) => {
    const facts = await enumerateProtocols({ host: target.host, port: target.port, mode, servername: a.values.get('servername')?.at(-1), timeoutMs, signal });
    const report = judgeProtocols(facts, a.flags.has('submission'));
    io.out(a.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatProtocolsReport(report));
    return protocolsExitStatus(report);
  });
}
