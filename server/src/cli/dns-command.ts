// postfix-lens dns [--json] [--resolver ADDR[:PORT]] [--ca-file FILE] [--domain D]... [-c DIR | PATH]:
// the MX, TLSA, MTA-STS (record and policy), TLS-RPT and submission SRV records of the domains the
// configuration receives mail for, compared with the certificates the services load from disk. Text: a block per domain, then the findings;
// --json: {"domains": [...], "diagnostics": [{"code", "severity", "message", "domain", "host"}]}.
// Exit 0 no errors, 1 errors, 2 no resolver answered or a usage or I/O problem.

import { analyzeConfig } from '../core/validate';
import { domainReport, formatDnsReport } from '../core/dns/dns-report';
import { hostedDomains } from '../core/dns/hosted-domains';
import { readConfigFileSync } from '../io/config-file';
import { loadInstallation } from '../io/installation';
import { withTableConfigFiles } from '../io/table-config-files';
import { readCaFiles } from './ca-files';
import { parseArgs, postconfOption, UsageError, type OptionSpec } from './args';
import { locate } from './check-command';
import { dnsRunOptions, domainsToCheck, noAnswerMessage, runDnsCheckFromCli } from './dns-run';
import type { Io } from './io';

/** What dns accepts (cli/usage.ts describes each). */
export const DNS_OPTIONS: OptionSpec = { valued: 'c', longFlags: ['json'], longValued: ['domain', 'resolver', 'hostname', 'timeout', 'postconf', 'ca-file'] };

export async function dnsCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, DNS_OPTIONS);
  if (a.positional.length > 1) throw new UsageError('dns takes one path (a main.cf file or its directory)');
  const ca = await readCaFiles(a.values.get('ca-file') ?? []);
  if (!ca.ok) {
    io.err(`postfix-lens dns: ${ca.message}\n`);
    return 2;
  }
  const options = { ...dnsRunOptions(a), ...(ca.pems.length ? { extraCaPem: ca.pems.join('\n') } : {}) };
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
  const domains = domainsToCheck(analysis, options.domains);
  if (domains.length === 0 && hostedDomains(analysis.model).tables.length === 0) {
    io.err(`postfix-lens dns: ${files.main} lists no domain this server receives mail for: name one with --domain\n`);
    return 2;
  }
  const run = await runDnsCheckFromCli(analysis, installation, domains, options);
  if (run.noAnswer) {
    io.err(noAnswerMessage('dns', run.facts));
    return 2;
  }
  const reports = run.facts.domains.map((d) => domainReport(d, run.facts));
  if (a.flags.has('json')) {
    const diagnostics = run.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, domain: f.domain, host: f.host ?? null }));
    io.out(`${JSON.stringify({ domains: reports, diagnostics }, null, 2)}\n`);
  } else io.out(formatDnsReport(run.facts.chains.map((c) => c.source), reports, run.findings));
  return run.findings.some((d) => d.severity === 'error') ? 1 : 0;
}
