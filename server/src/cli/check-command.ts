// postfix-lens check [--json] [--dns] [-c DIR | PATH]: findings for main.cf and the master.cf beside it
// (with --dns, those of the DNS records too: io/dns/dns-check.ts).
// Text output is compiler style (file:line:col: severity code: message, 1-based); --json prints
// {"file", "diagnostics": [...]}. Exit 0 without errors, 1 with errors, 2 on usage or I/O failure.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeConfig, applySeverities, runRules, sortFindings } from '../core/validate';
import { certificateTargetsOf, checkCertificates, CertificateCache } from '../io/certificate-checks';
import { placeDnsFinding } from '../core/dns/finding-place';
import { port25Targets } from '../core/dns/port25';
import { serviceTargets } from '../core/dns/service-targets';
import { configRules } from '../core/rules/index';
import type { Finding, Severity } from '../core/types';
import { readConfigFileSync } from '../io/config-file';
import { loadInstallation } from '../io/installation';
import { withTableConfigFiles } from '../io/table-config-files';
import { withPathFacts } from '../io/path-facts';
import { parseArgs, postconfOption, UsageError, type OptionSpec } from './args';
import { readCaFiles } from './ca-files';
import { dnsRunOptions, domainsToCheck, noAnswerMessage, runDnsCheckFromCli } from './dns-run';
import type { Io } from './io';

const LEVELS: (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  name: string | null;
  file: string;
  service?: string;
}

/** Resolve what the user named into main.cf and master.cf paths. */
export function locate(target: string | undefined, dirOption: string | undefined): { dir: string; main: string; master: string } {
  if (dirOption && target) throw new UsageError('give either -c DIR or a path, not both');
  let dir: string;
  let main: string;
  const t = dirOption ?? target ?? '/etc/postfix';
  let isDir: boolean;
  try {
    isDir = fs.statSync(t).isDirectory();
  } catch {
    isDir = dirOption !== undefined;
  }
  if (isDir) {
    dir = t;
    main = path.join(t, 'main.cf');
  } else if (path.basename(t) === 'master.cf') {
    dir = path.dirname(t);
    main = path.join(dir, 'main.cf');
  } else {
    dir = path.dirname(t);
    main = t;
  }
  return { dir, main, master: path.join(dir, 'master.cf') };
}

export function toJsonDiagnostic(f: Finding, files: { main: string; master: string }): JsonDiagnostic {
  return {
    code: f.code,
    severity: f.severity,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    name: f.name ?? null,
    file: f.file === 'master.cf' ? files.master : files.main,
    ...(f.service ? { service: f.service } : {}),
  };
}

/** What check accepts (cli/usage.ts describes each). */
export const CHECK_OPTIONS: OptionSpec = {
  valued: 'c',
  longFlags: ['json', 'no-certificates', 'dns'],
  longValued: ['postfix-version', 'postconf', 'severity', 'hostname', 'ca-file', 'now', 'expiry-days', 'resolver', 'domain'],
};

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, CHECK_OPTIONS);
  const now = a.values.get('now')?.at(-1);
  const nowDate = now === undefined ? new Date() : new Date(now);
  if (Number.isNaN(nowDate.getTime())) throw new UsageError(`--now expects a date such as 2027-01-31 or 2027-01-31T12:00:00Z, got "${now}"`);
  const days = a.values.get('expiry-days')?.at(-1);
  const expiryWarningDays = days === undefined ? 30 : Number(days);
  if (!Number.isInteger(expiryWarningDays) || expiryWarningDays < 0) throw new UsageError(`--expiry-days expects a whole number, got "${days}"`);
  const ca = await readCaFiles(a.values.get('ca-file') ?? []);
  if (!ca.ok) {
    io.err(`postfix-lens: ${ca.message}\n`);
    return 2;
  }
  const extraCa = ca.pems;
  if (a.positional.length > 1) throw new UsageError('check takes one path (a main.cf file or its directory)');
  // Without --dns, check sends no packet: the DNS options alone are a mistake, not a request.
  for (const o of ['resolver', 'domain']) if (a.values.has(o) && !a.flags.has('dns')) throw new UsageError(`--${o} needs --dns`);
  // --ca-file serves both: the certificate checks' trust, and the MTA-STS policy hosts'.
  const dnsOptions = a.flags.has('dns') ? { ...dnsRunOptions(a), ...(extraCa.length ? { extraCaPem: extraCa.join('\n') } : {}) } : undefined;
  const files = locate(a.positional[0], a.values.get('c')?.at(-1));
  const severities: Record<string, Severity | 'off'> = Object.create(null); // keyed by what was typed
  for (const s of a.values.get('severity') ?? []) {
    const [code, level] = s.split('=');
    if (!code || !LEVELS.includes(level as Severity)) throw new UsageError(`--severity expects CODE=${LEVELS.join('|')}, got "${s}"`);
    severities[code] = level as Severity | 'off';
  }

  const main = readConfigFileSync(files.main);
  if (!main.ok) {
    io.err(`postfix-lens: cannot read ${main.message}\n`);
    return 2;
  }
  const master = readConfigFileSync(files.master);
  if (!master.ok && !master.missing) {
    io.err(`postfix-lens: cannot read ${master.message}\n`);
    return 2;
  }
  const installation = loadInstallation({ postconfPath: postconfOption(a) });
  const version = a.values.get('postfix-version')?.at(-1) ?? installation.version ?? '3.7';
  // The facts about this machine's paths (the SASL back ends) come from stat(), never an open.
  const analysis = withPathFacts(
    withTableConfigFiles((tableConfigFiles) =>
      analyzeConfig(main.text, master.ok ? master.text : null, {
        configDir: files.dir,
        version,
        installation,
        encodings: { 'main.cf': main.encoding, 'master.cf': master.ok ? master.encoding : undefined },
        tableConfigFiles,
      }),
    ),
  );
  const findings = runRules(analysis, configRules, severities);
  if (!a.flags.has('no-certificates')) {
    const certs = await checkCertificates(analysis, {
      hostnames: a.values.get('hostname') ?? [],
      extraCa,
      now: nowDate,
      expiryWarningDays,
      cache: new CertificateCache(),
    });
    findings.push(...applySeverities(certs.findings, severities));
    sortFindings(findings);
  }
  if (dnsOptions) {
    const domains = domainsToCheck(analysis, dnsOptions.domains);
    const run = await runDnsCheckFromCli(analysis, installation, domains, dnsOptions);
    if (run.noAnswer) {
      io.err(noAnswerMessage('check', run.facts));
      return 2;
    }
    // The domains checked: those listed and asked for, and those read from tables.
    const from = new Map(run.facts.domains.map((d) => [d.domain, d.from]));
    const { targets } = certificateTargetsOf(analysis, dnsOptions.hostnames);
    const certAt = port25Targets(analysis, targets)[0]?.certAt;
    const certAtPort = (port: number) => serviceTargets(analysis, targets, port)[0]?.certAt;
    findings.push(...applySeverities(run.findings.map((f) => placeDnsFinding(analysis, f, from, certAt, certAtPort)), severities));
    sortFindings(findings);
  }
  const diagnostics = findings.map((f) => toJsonDiagnostic(f, files));

  if (a.flags.has('json')) {
    io.out(JSON.stringify({ file: files.main, diagnostics }, null, 2) + '\n');
  } else {
    for (const d of diagnostics) {
      io.out(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.service ? ` [${d.service}]` : ''}\n`);
    }
    const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
    const parts = [`${count('error')} error(s)`, `${count('warning')} warning(s)`];
    const info = count('information') + count('hint');
    if (info) parts.push(`${info} note(s)`);
    io.out(`${files.main}${master.ok ? ` and ${files.master}` : ''}: ${parts.join(', ')}\n`);
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
