// What `dns` and `check --dns` share on the command line: --resolver and --timeout read as the
// options of a run, Ctrl-C wired to cancel it, and the line for a run no resolver answered. The run
// itself is io/dns/dns-check.ts, which the editor runs too.

import type { ConfigAnalysis } from '../core/analysis';
import type { Installation } from '../core/config/defaults';
import type { DnsFacts } from '../core/dns/dns-facts';
import { runDnsCheck, type DnsRun, type DnsRunOptions } from '../io/dns/dns-check';
import { resolverOption, UsageError, type Parsed } from './args';
import { cancelledBySigint } from './sigint';

export { domainsToCheck } from '../io/dns/dns-check';

/** --resolver and --timeout as the options of a run; a usage error for a value that is none. */
export function dnsRunOptions(a: Parsed): DnsRunOptions {
  const resolver = resolverOption(a);
  const timeoutText = a.values.get('timeout')?.at(-1);
  const deadlineMs = timeoutText === undefined ? 15_000 : Number(timeoutText);
  if (!(Number.isInteger(deadlineMs) && deadlineMs > 0 && deadlineMs <= 600_000)) throw new UsageError(`--timeout expects milliseconds (1 to 600000), got "${timeoutText}"`);
  return { ...(resolver ? { resolver } : {}), domains: a.values.get('domain') ?? [], hostnames: a.values.get('hostname') ?? [], deadlineMs };
}

/** The DNS check, cancelled by Ctrl-C. */
export function runDnsCheckFromCli(a: ConfigAnalysis, installation: Installation, domains: readonly { domain: string; from: string }[], o: DnsRunOptions): Promise<DnsRun> {
  return cancelledBySigint((signal) => runDnsCheck(a, installation, domains, { ...o, signal }));
}

/** The line for a run in which no resolver answered. */
export function noAnswerMessage(command: string, facts: DnsFacts): string {
  const first = facts.domains[0]?.mx;
  return `postfix-lens ${command}: no resolver answered${first && !first.ok ? ` (${first.detail})` : ''}\n`;
}
