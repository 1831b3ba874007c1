// `postfix-lens probe --mx DOMAIN`: what io/dns/mx-probe.ts found (plain facts) judged per MX host as
// a DANE sender and an MTA-STS sender in enforce mode would judge it, as JSON-safe data. Pure. Names
// and texts from the network are kept as they came in the JSON (the CLI's Io escapes them on the way
// out) and quoted with nameForMessage in messages.

import { nameForMessage } from '../config/quote';
import type { ProbeOutcome, ProbeReport } from '../probe/types';
import { judgeDane, type DaneVerdict } from './dane-served';
import { judgeMtaSts, mtaStsPolicyState, type MtaStsVerdict } from './mta-sts-served';
import { nullMx } from './mx';
import type { PolicyFetchResult } from './policy-fetch';
import type { DnsResult } from './types';

export interface MxProbeHostFacts {
  host: string;
  preference: number;
  a: DnsResult;
  aaaa: DnsResult;
  tlsa: DnsResult;
  /** The probe of the host's first address (IPv4 first) on port 25; null when it has none. */
  probe: { report: ProbeReport; chainDer: Uint8Array[] } | null;
}

export interface MxProbeFacts {
  domain: string;
  mx: DnsResult;
  /** No MX records: the domain itself is the one host (RFC 5321 section 5.1). */
  implicitMx: boolean;
  hosts: MxProbeHostFacts[];
  /** _mta-sts.<domain> TXT. */
  mtaSts: DnsResult;
  /** Fetched only when the domain publishes a v=STSv1 record. */
  policy?: PolicyFetchResult;
}

export interface MxProbeHostReport {
  host: string;
  preference: number;
  addresses: string[];
  dane: DaneVerdict;
  mtaSts: MtaStsVerdict;
  /** The probe of `probe.address`; null when the host has no address. */
  probe: {
    address: string | null;
    outcome: ProbeOutcome;
    tlsVersion: string | null;
    /** Leaf first: subject, names, dates and SHA-256 fingerprint as served. */
    chain: { subject: string; issuer: string; names: string[]; notBefore: string; notAfter: string; fingerprint256: string }[];
    error: { phase: string; code: string; message: string } | null;
    /** The strict (public roots, name) verdict, in one sentence. */
    sentence: string;
  } | null;
  /** A DANE sender and an MTA-STS sender (enforce) would both deliver; null when not found out. */
  acceptable: boolean | null;
}

export type MxProbeVerdict = 'acceptable' | 'not-acceptable' | 'unfinished';

export interface MxProbeReport {
  domain: string;
  mx: { status: 'answered' | 'failed'; dnssec: boolean; nullMx: boolean; implicit: boolean; error?: string };
  mtaSts: { mode: 'enforce' | 'testing' | 'none' | null; url: string | null; mx: string[]; message: string | null };
  hosts: MxProbeHostReport[];
  verdict: MxProbeVerdict;
  /** Domain-level problems: a failed lookup, a Null MX, an MTA-STS record or policy senders cannot use. */
  problems: { host: string | null; message: string }[];
}

/** Probe errors after which nothing is known of the host's TLS (core/probe/verdict.ts's UNFINISHED). */
const UNFINISHED = new Set(['connection-failed', 'timeout', 'cancelled', 'internal-error']);

export function mxProbeReport(facts: MxProbeFacts, now: Date): MxProbeReport {
  const d = nameForMessage(facts.domain);
  const problems: MxProbeReport['problems'] = [];
  const mxRecords = facts.mx.ok ? facts.mx.answers.flatMap((r) => (r.type === 'MX' ? [r] : [])) : [];
  const nul = nullMx(mxRecords, facts.domain);
  const mx: MxProbeReport['mx'] = facts.mx.ok
    ? { status: 'answered', dnssec: facts.mx.ad, nullMx: nul.kind === 'null-mx', implicit: facts.implicitMx }
    : { status: 'failed', dnssec: false, nullMx: false, implicit: false, error: facts.mx.detail };
  const state = mtaStsPolicyState(facts.domain, facts.mtaSts, facts.policy);
  const mtaSts: MxProbeReport['mtaSts'] =
    state.kind === 'policy' ? { mode: state.mode, url: state.url, mx: state.mx, message: null } : { mode: null, url: null, mx: [], message: state.message };
  if (state.kind !== 'policy' && (state.kind === 'unknown' || state.problem)) problems.push({ host: null, message: `${capital(state.message)}.` });
  if (!facts.mx.ok) problems.push({ host: null, message: `The MX records of ${d} could not be looked up: ${facts.mx.detail}.` });
  else if (nul.kind === 'null-mx') problems.push({ host: null, message: `${d} publishes a Null MX (RFC 7505): it accepts no mail, so there is no MX host to probe.` });
  else if (nul.kind === 'malformed') problems.push({ host: null, message: nul.message });
  else if (facts.mx.rcode === 'NXDOMAIN') problems.push({ host: null, message: `${d} does not exist (NXDOMAIN): senders bounce mail for it.` });

  const hosts = facts.hosts.map((h) => hostReport(h, facts, state, now));
  for (const h of hosts) if (h.addresses.length === 0) problems.push({ host: h.host, message: `${nameForMessage(h.host)} has no A or AAAA record: senders cannot reach it.` });
  return { domain: facts.domain, mx, mtaSts, hosts, verdict: overall(facts, hosts, nul.kind), problems };
}

function hostReport(h: MxProbeHostFacts, facts: MxProbeFacts, state: ReturnType<typeof mtaStsPolicyState>, now: Date): MxProbeHostReport {
  const addresses = [h.a, h.aaaa].flatMap((r) => (r.ok ? r.answers.flatMap((x) => (x.type === 'A' || x.type === 'AAAA' ? [x.address] : [])) : []));
  const report = h.probe?.report ?? null;
  const error = report?.error ?? null;
  const noTls =
    h.probe === null
      ? { code: 'no-address', message: 'it has no address to connect to', unfinished: false }
      : h.probe.chainDer.length > 0
        ? null
        : { code: error?.code ?? 'no-tls', message: error ? lowerFirst(trimDot(error.message)) : 'no TLS session was made', unfinished: error !== null && UNFINISHED.has(error.code) };
  const dane = judgeDane({ host: h.host, domain: facts.domain, mxSecure: facts.mx.ok && facts.mx.ad, a: h.a, aaaa: h.aaaa, tlsa: h.tlsa, chainDer: h.probe?.chainDer ?? [], noTls, now });
  const mtaSts = judgeMtaSts(state, h.host, report);
  const enforcedFail = mtaSts.status === 'fail' && mtaSts.mode === 'enforce';
  const acceptable =
    dane.status === 'fail' || enforcedFail || h.probe === null
      ? false
      : dane.status === 'unknown' || mtaSts.status === 'unknown' || report?.outcome === 'unfinished'
        ? null
        : true;
  const probe: MxProbeHostReport['probe'] = report && {
    address: report.address ?? report.host,
    outcome: report.outcome,
    tlsVersion: report.tlsVersion,
    chain: report.chain.map((c) => ({ subject: c.subject, issuer: c.issuer, names: c.names, notBefore: c.notBefore, notAfter: c.notAfter, fingerprint256: c.fingerprint256 })),
    error: error && { phase: error.phase, code: error.code, message: error.message },
    sentence: report.sentence,
  };
  return { host: h.host, preference: h.preference, addresses, dane, mtaSts, probe, acceptable };
}

function overall(facts: MxProbeFacts, hosts: readonly MxProbeHostReport[], nul: string): MxProbeVerdict {
  if (!facts.mx.ok) return 'unfinished';
  if (nul === 'null-mx') return 'acceptable';
  if (hosts.length === 0 || hosts.some((h) => h.acceptable === false)) return 'not-acceptable';
  return hosts.some((h) => h.acceptable === null) ? 'unfinished' : 'acceptable';
}

/** 0 every MX host acceptable (or a Null MX: nothing to deliver to), 1 one is not, 2 not found out. */
export function mxProbeExitStatus(r: MxProbeReport): number {
  return r.verdict === 'acceptable' ? 0 : r.verdict === 'not-acceptable' ? 1 : 2;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function trimDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
