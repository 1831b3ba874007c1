// postfix-lens dns [--json] [--resolver ADDR[:PORT]] [--domain D]... [-c DIR | PATH]: the MX, TLSA,
// MTA-STS and TLS-RPT records of the domains the configuration receives mail for, compared with the
// certificates the port-25 service loads from disk. Text: a block per domain, then the findings;
// --json: {"domains": [...], "diagnostics": [{"code", "severity", "message", "domain", "host"}]}.
// Exit 0 no errors, 1 errors, 2 no resolver answered or a usage or I/O problem.

import { analyzeConfig } from '../core/validate';
import { dnsEvidence, noResolverAnswered } from '../core/dns/dns-facts';
import { domainReport, formatDnsReport } from '../core/dns/dns-report';
import { hostedDomains } from '../core/dns/hosted-domains';
import { parseResolverAddress } from '../core/dns/resolver-address';
import { judgeDnsEvidence } from '../core/rules/dns/judge';
import { effective } from '../core/tls/config-targets';
import { readConfigFileSync } from '../io/config-file';
import { gatherDns } from '../io/dns/gather';
import { port25Chains } from '../io/dns/port25-chains';
import { loadInstallation } from '../io/installation';
import { withTableConfigFiles } from '../io/table-config-files';
import { parseArgs, postconfOption, UsageError, type OptionSpec } from './args';
import { locate } from './check-command';
import type { Io } from './io';

/** What dns accepts (cli/usage.ts describes each). */
export const DNS_OPTIONS: OptionSpec = { valued: 'c', longFlags: ['json'], longValued: ['domain', 'resolver', 'hostname', 'timeout', 'postconf'] };

export async function dnsCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, DNS_OPTIONS);
  if (a.positional.length > 1) throw new UsageError('dns takes one path (a main.cf file or its directory)');
  const resolverText = a.values.get('resolver')?.at(-1);
  let resolver;
  if (resolverText !== undefined) {
    const r = parseResolverAddress(resolverText);
    if ('error' in r) throw new UsageError(`--resolver "${resolverText}": ${r.error}`);
    resolver = r.value;
  }
  const timeoutText = a.values.get('timeout')?.at(-1);
  const deadlineMs = timeoutText === undefined ? 15_000 : Number(timeoutText);
  if (!(Number.isInteger(deadlineMs) && deadlineMs > 0 && deadlineMs <= 600_000)) throw new UsageError(`--timeout expects milliseconds (1 to 600000), got "${timeoutText}"`);
  const files = locate(a.positional[0], a.values.get('c')?.at(-1));
  const main = readConfigFileSync(files.main);
  if (!main.ok) {
    io.err(`postfix-lens dns: cannot read ${main.message}\n`);
    return 2;
  }
  const master = readConfigFileSync(files.master);
  if (!master.ok && !master.missing) {
    io.err(`postfix-lens dns: cannot read ${master.message}\n`);
    return 2;
  }
  const installation = loadInstallation({ postconfPath: postconfOption(a) });
  const analysis = withTableConfigFiles((tableConfigFiles) =>
    analyzeConfig(main.text, master.ok ? master.text : null, { configDir: files.dir, version: installation.version ?? '3.7', installation, tableConfigFiles }),
  );

  // The domains of users the configuration lists (not the host's own names), then --domain; each once.
  const domains: { domain: string; from: string }[] = [];
  const add = (domain: string, from: string) => {
    const d = domain.trim().replace(/\.$/, '').toLowerCase();
    if (d && !domains.some((x) => x.domain === d)) domains.push({ domain: d, from });
  };
  for (const d of hostedDomains(analysis.model).domains) if (d.source === 'listed') add(d.domain, d.param);
  for (const d of a.values.get('domain') ?? []) add(d, '--domain');
  if (domains.length === 0) {
    io.err(`postfix-lens dns: ${files.main} lists no domain this server receives mail for: name one with --domain\n`);
    return 2;
  }

  const hostnames = a.values.get('hostname') ?? [];
  const chains = await port25Chains(analysis, hostnames);
  // Ctrl-C ends the lookups (each then fails as cancelled) rather than killing the process mid-line.
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let facts;
  try {
    facts = await gatherDns({
      domains,
      ...(resolver ? { resolver } : {}),
      signal: controller.signal,
      deadlineMs,
      chains,
      thisServer: {
        myhostname: effective(analysis, 'myhostname', null),
        hostnames,
        localAddresses: (installation.interfaces ?? []).map((i) => i.address),
        inetInterfaces: effective(analysis, 'inet_interfaces', null).split(/[\s,]+/).filter(Boolean),
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (noResolverAnswered(facts)) {
    const first = facts.domains[0]!.mx;
    io.err(`postfix-lens dns: no resolver answered${!first.ok ? ` (${first.detail})` : ''}\n`);
    return 2;
  }
  const diagnostics = dnsEvidence(facts).flatMap(judgeDnsEvidence);
  const reports = facts.domains.map((d) => domainReport(d, facts));
  if (a.flags.has('json')) {
    const out = diagnostics.map((f) => ({ code: f.code, severity: f.severity, message: f.message, domain: f.domain, host: f.host ?? null }));
    io.out(`${JSON.stringify({ domains: reports, diagnostics: out }, null, 2)}\n`);
  } else io.out(formatDnsReport(reports, diagnostics));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
