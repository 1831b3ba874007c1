// postfix-lens probe: connect to a live server, upgrade with STARTTLS (or TLS from the first byte),
// and say whether a strict client such as Gmail's "Send mail as" would accept it.
// Exit status: 0 accepted, 1 refused, 2 the probe could not finish or a usage problem.
// With --mx DOMAIN: every MX host of the domain, judged as DANE and MTA-STS senders would (probe-mx.ts).
// With --protocols: the TLS versions, suites and groups the server accepts (probe-protocols.ts).

import { parseHostPort, type HostPort } from '../core/probe/target';
import { formatProbeReport } from '../core/probe/text-report';
import { exitStatusOf } from '../core/probe/verdict';
import type { ProbeMode } from '../core/probe/types';
import { probe } from '../io/probe/probe';
import { readFileSafely } from '../io/read-file-safely';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { probeMx } from './probe-mx';
import { probeProtocols } from './probe-protocols';
import type { Io } from './io';
import { cancelledBySigint } from './sigint';

/** HOST, HOST:PORT, [IPv6]:PORT, [IPv6] or a bare IPv6 address (then the port is the default). */
export function parseTarget(text: string, defaultPort = 25): HostPort {
  const r = parseHostPort(text, defaultPort);
  if ('error' in r) throw new UsageError(`"${text}": ${r.error}`);
  return r.value;
}

/** What probe accepts (cli/usage.ts describes each). */
export const PROBE_OPTIONS: OptionSpec = { longFlags: ['json', 'starttls', 'tls', 'submission', 'protocols'], longValued: ['servername', 'hostname', 'ca-file', 'timeout', 'mx', 'resolver'] };

export async function probeCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, PROBE_OPTIONS);
  if (!a.values.has('mx') && a.values.has('resolver')) throw new UsageError('--resolver goes with --mx (a single HOST is looked up by the system)');
  if (!a.values.has('mx') && a.positional.length !== 1) throw new UsageError('probe takes one HOST[:PORT] (port 25 by default; [IPv6]:PORT)');
  if (a.flags.has('starttls') && a.flags.has('tls')) throw new UsageError('--starttls and --tls exclude each other');
  const mode: ProbeMode | undefined = a.flags.has('tls') ? 'tls' : a.flags.has('starttls') ? 'starttls' : undefined;
  // A submission port is judged on AUTH too: 587 and 465 by default, any other port with --submission.
  const submission = a.flags.has('submission') ? true : undefined;
  const timeoutText = a.values.get('timeout')?.at(-1);
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 3_600_000)) {
    throw new UsageError(`--timeout expects milliseconds (1 to 3600000), got "${timeoutText}"`);
  }
  const ca: string[] = [];
  for (const file of a.values.get('ca-file') ?? []) {
    const r = await readFileSafely(file);
    if (!r.ok) {
      io.err(`postfix-lens probe: cannot read the CA file: ${r.message}\n`);
      return 2;
    }
    ca.push(Buffer.from(r.bytes).toString('latin1'));
  }
  if (a.values.has('mx')) {
    if (a.flags.has('protocols')) throw new UsageError('--protocols takes one HOST[:PORT], not --mx');
    return probeMx(a, ca.length ? ca.join('\n') : undefined, timeoutMs, io);
  }
  const target = parseTarget(a.positional[0]!);
  if (a.flags.has('protocols')) return probeProtocols(a, target, mode, timeoutMs, io);
  const hostnames = a.values.get('hostname') ?? [];

  // Ctrl-C ends the probe with a report (cancelled) rather than killing it mid-line.
  return cancelledBySigint(async (signal) => {
    const report = await probe({
      host: target.host,
      port: target.port,
      mode,
      submission,
      servername: a.values.get('servername')?.at(-1),
      hostnames,
      caPem: ca.length ? ca.join('\n') : undefined,
      timeoutMs,
      signal,
    });
    io.out(a.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatProbeReport(report));
    return exitStatusOf(report.outcome);
  });
}
