// What `postfix-lens dns` shows per domain: the MX hosts (preference, addresses, this server or
// not), their TLSA records with DNSSEC status and the chain on disk each matches, the MTA-STS
// record and policy (mode, max_age, mx patterns and which MX each matches), the TLS-RPT record, and
// the submission SRV records with their targets. As JSON-safe data (reportOf) and as text (formatDnsReport). Pure. Text from
// DNS goes into the text report quoted and escaped (shown, nameForMessage); the JSON keeps it as it
// came (JSON.stringify and the CLI's Io escape it on the way out).

import { nameForMessage } from '../config/quote';
import type { DnsFinding } from '../rules/dns/evidence';
import { addressesOf, type DnsFacts, type DomainFacts, type MxHostFacts } from './dns-facts';
import { mxPatternMatches } from './mta-sts-policy-facts';
import { nullMx, type ThisServer } from './mx';
import type { SrvFacts } from './srv';
import { judgeTlsa } from './tlsa-judgement';
import { shown, txtText } from './txt-record';
import type { DnsResult } from './types';

export interface LookupReport {
  /** answered: NOERROR or NXDOMAIN (records may be none); failed: see `error`. */
  status: 'answered' | 'failed';
  /** The AD bit: a validating resolver checked the answer's DNSSEC signatures. */
  dnssec: boolean;
  error?: string;
}

export interface TlsaRecordReport {
  /** "3 1 1 <hex>", the data clipped. */
  record: string;
  /** A DANE SMTP sender can use it (usage 2 or 3, a known selector and matching type). */
  usable: boolean;
  /** The chains on disk it authenticates (their sources). */
  matches: string[];
}

export interface HostReport {
  host: string;
  preference: number;
  addresses: string[];
  thisServer: boolean;
  /** How it was known to be this server. */
  by?: string;
  tlsa?: LookupReport & { owner: string; records: TlsaRecordReport[] };
}

/** The MTA-STS policy as fetched and read; absent when the _mta-sts record is not one senders use. */
export interface MtaStsPolicyReport {
  url: string;
  fetched: boolean;
  /** Why it was not fetched, in words. */
  error?: string;
  version?: string;
  mode?: string;
  maxAge?: number;
  mx: string[];
  /** Senders would use it. */
  valid: boolean;
  /** Each MX host with the pattern that matches it (null: none). */
  mxMatches: { host: string; pattern: string | null }[];
}

export interface SrvTargetReport {
  priority: number;
  weight: number;
  port: number;
  target: string;
  addresses: string[];
  thisServer: boolean;
  by?: string;
}

export interface SrvReport extends LookupReport {
  service: string;
  owner: string;
  /** The only record's target is ".": the domain says it does not offer the service. */
  notOffered: boolean;
  targets: SrvTargetReport[];
}

export interface DomainReport {
  domain: string;
  from: string;
  mx: LookupReport & { nullMx: boolean };
  hosts: HostReport[];
  mtaSts: LookupReport & { records: string[] };
  mtaStsPolicy?: MtaStsPolicyReport;
  tlsRpt: LookupReport & { records: string[] };
  srv: SrvReport[];
}

function lookupOf(r: DnsResult): LookupReport {
  return r.ok ? { status: 'answered', dnssec: r.ad } : { status: 'failed', dnssec: false, error: r.detail };
}

function txtOf(r: DnsResult): string[] {
  return r.ok ? r.answers.flatMap((x) => (x.type === 'TXT' ? [txtText(x.strings)] : [])) : [];
}

function byWords(ts: ThisServer): string | undefined {
  return !ts.thisServer ? undefined : ts.by === 'name' ? `its name is ${ts.name}` : `${ts.addresses.join(', ')} ${ts.from === 'interface' ? "is an address of this machine's interfaces" : 'is in $inet_interfaces'}`;
}

function hostOf(h: MxHostFacts, facts: DnsFacts): HostReport {
  const ts = h.thisServer;
  const by = byWords(ts);
  const out: HostReport = { host: h.host, preference: h.preference, addresses: addressesOf(h), thisServer: ts.thisServer, ...(by ? { by } : {}) };
  if (h.tlsa) {
    const rdata = h.tlsa.ok ? h.tlsa.answers.flatMap((x) => (x.type === 'TLSA' ? [x] : [])) : [];
    const j = judgeTlsa(rdata, facts.chains, `_25._tcp.${h.host}`);
    const records = j.records.map((r) => ({ record: r.record.text, usable: r.record.usable, matches: [...new Set(r.authenticates.map((m) => facts.chains[m.chain]!.source))] }));
    out.tlsa = { ...lookupOf(h.tlsa), owner: `_25._tcp.${h.host}`, records };
  }
  return out;
}

export function domainReport(d: DomainFacts, facts: DnsFacts): DomainReport {
  const mxRecords = d.mx.ok ? d.mx.answers.flatMap((x) => (x.type === 'MX' ? [x] : [])) : [];
  return {
    domain: d.domain,
    from: d.from,
    mx: { ...lookupOf(d.mx), nullMx: nullMx(mxRecords, d.domain).kind === 'null-mx' },
    hosts: d.hosts.map((h) => hostOf(h, facts)),
    mtaSts: { ...lookupOf(d.mtaSts), records: txtOf(d.mtaSts) },
    ...(d.mtaStsPolicy ? { mtaStsPolicy: policyOf(d) } : {}),
    tlsRpt: { ...lookupOf(d.tlsRpt), records: txtOf(d.tlsRpt) },
    srv: (d.srv ?? []).map(srvOf),
  };
}

function policyOf(d: DomainFacts): MtaStsPolicyReport {
  const { fetch, policy } = d.mtaStsPolicy!;
  if (!fetch.ok || !policy) return { url: fetch.url, fetched: false, ...(!fetch.ok ? { error: fetch.detail } : {}), mx: [], valid: false, mxMatches: [] };
  const out: MtaStsPolicyReport = { url: fetch.url, fetched: true, mx: policy.mx, valid: policy.valid, mxMatches: mxPatternMatches(d.hosts.map((h) => h.host), policy.mx) };
  if (policy.version !== undefined) out.version = policy.version;
  if (policy.mode !== undefined) out.mode = policy.mode;
  if (policy.maxAge !== undefined) out.maxAge = policy.maxAge;
  return out;
}

function srvOf(s: SrvFacts): SrvReport {
  const targets = s.targets.map((t) => {
    const by = byWords(t.thisServer);
    return { priority: t.priority, weight: t.weight, port: t.port, target: t.target, addresses: addressesOf(t), thisServer: t.thisServer.thisServer, ...(by ? { by } : {}) };
  });
  return { ...lookupOf(s.srv), service: s.service, owner: s.owner, notOffered: s.notOffered, targets };
}

const dnssec = (l: LookupReport) => (l.status === 'failed' ? `lookup failed` : l.dnssec ? 'DNSSEC validated' : 'not validated');
const n = (s: string) => nameForMessage(s);

function policyLines(p: MtaStsPolicyReport): string[] {
  if (!p.fetched) return [`    policy ${n(p.url)}: not fetched: ${nameForMessage(p.error ?? '', 300)}`];
  const fields = [`mode ${p.mode === undefined ? 'missing' : n(p.mode)}`, `max_age ${p.maxAge ?? 'missing or not valid'}`, `mx ${p.mx.length ? p.mx.map((m) => n(m)).join(', ') : 'none'}`];
  const lines = [`    policy ${n(p.url)}${p.valid ? '' : ' (not valid: senders discard it)'}: ${fields.join(', ')}`];
  for (const m of p.mxMatches) lines.push(`      MX ${n(m.host)}: ${m.pattern === null ? 'matched by no mx pattern' : `matches ${n(m.pattern)}`}`);
  return lines;
}

function srvLines(s: SrvReport): string[] {
  if (s.status === 'failed') return [`  SRV ${n(s.owner)}: lookup failed`];
  if (s.notOffered) return [`  SRV ${n(s.owner)}: not offered (target ".")`];
  if (s.targets.length === 0) return [`  SRV ${n(s.owner)}: no record`];
  return s.targets.map((t) => {
    const addrs = t.addresses.length ? t.addresses.map((a) => n(a)).join(', ') : 'no address';
    return `  SRV ${n(s.owner)} ${t.priority} ${t.weight} ${t.port} ${n(t.target)} (${addrs}; ${dnssec(s)}): ${t.thisServer ? `this server (${n(t.by ?? '')})` : 'not this server'}`;
  });
}

/**
 * The text report: the chains compared (`chains`: their sources), a block per domain, then the
 * findings and a count.
 */
export function formatDnsReport(chains: readonly string[], domains: readonly DomainReport[], findings: readonly DnsFinding[]): string {
  const lines: string[] = [chains.length ? `Port 25 certificates on disk: ${chains.map((c) => n(c)).join('; ')}` : 'Port 25 certificates on disk: none read (no TLSA record can match)', ''];
  for (const d of domains) {
    lines.push(`${n(d.domain)} (from ${n(d.from)})`);
    if (d.mx.status === 'failed') lines.push('  MX: lookup failed');
    else if (d.mx.nullMx) lines.push('  MX: a Null MX ("."): the domain accepts no mail');
    else if (d.hosts.length === 0) lines.push('  MX: none (senders deliver to the address of the domain itself)');
    for (const h of d.hosts) {
      const addrs = h.addresses.length ? h.addresses.map((a) => n(a)).join(', ') : 'no address';
      lines.push(`  MX ${h.preference} ${n(h.host)} (${addrs}): ${h.thisServer ? `this server (${n(h.by ?? '')})` : 'not this server'}`);
      if (!h.tlsa) continue;
      if (h.tlsa.status === 'failed') lines.push(`    TLSA ${n(h.tlsa.owner)}: lookup failed`);
      else if (h.tlsa.records.length === 0) lines.push(`    TLSA ${n(h.tlsa.owner)}: none (no DANE for this host)`);
      else {
        lines.push(`    TLSA ${n(h.tlsa.owner)} (${dnssec(h.tlsa)}):`);
        for (const r of h.tlsa.records) {
          const m = !r.usable ? 'not usable by DANE senders' : r.matches.length ? `matches ${r.matches.map((s) => n(s)).join(', ')}` : 'matches no chain on disk';
          lines.push(`      ${r.record}: ${m}`);
        }
      }
    }
    for (const [label, l] of [
      ['MTA-STS', d.mtaSts],
      ['TLS-RPT', d.tlsRpt],
    ] as const) {
      if (l.status === 'failed') lines.push(`  ${label}: lookup failed`);
      else if (l.records.length === 0) lines.push(`  ${label}: no record`);
      else for (const t of l.records) lines.push(`  ${label}: ${shown(t, 120)} (${dnssec(l)})`);
      if (label === 'MTA-STS' && d.mtaStsPolicy) lines.push(...policyLines(d.mtaStsPolicy));
    }
    for (const s of d.srv) lines.push(...srvLines(s));
    lines.push('');
  }
  for (const f of findings) lines.push(`${n(f.domain)}${f.host ? ` ${n(f.host)}` : ''}: ${f.severity} ${f.code}: ${f.message}`);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const notes = count('information') + count('hint');
  lines.push(`${domains.length} domain(s): ${count('error')} error(s), ${count('warning')} warning(s)${notes ? `, ${notes} note(s)` : ''}`);
  return `${lines.join('\n')}\n`;
}
