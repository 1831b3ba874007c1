// The live STARTTLS probe: what a strict client such as Gmail's "Send mail as" sees when it
// connects to HOST:PORT. The entry point for the CLI and the language server.
//
// Contract: probe() never rejects and never throws; every failure is in report.error (with the
// phase) and report.outcome. It sends only EHLO, STARTTLS and QUIT. Options are validated here;
// invalid ones give a report with a connection-failed error, not an exception.

import { ipVersion } from './ip-address.js';
import { domainToASCII } from 'node:url';
import type { ProbeMode, ProbeReport } from '../../core/probe/types.js';
import { judgeProbe } from '../../core/probe/verdict.js';
import { stopError } from '../../core/rules/probe/judge.js';
import { DEFAULT_TIMEOUTS, DEFAULT_TOTAL_TIMEOUT, emptySessionResult, runSession, type PhaseTimeouts, type SessionResult } from './session.js';
import { trustedRoots } from './trust-roots.js';
import { isSubmissionPort } from '../../core/config/ports';

export type { ProbeReport } from '../../core/probe/types.js';
export { DEFAULT_TIMEOUTS, DEFAULT_TOTAL_TIMEOUT, type PhaseTimeouts } from './session.js';

export interface ProbeOptions {
  /** A host name or an IP literal (IPv6 with or without brackets). */
  host: string;
  port: number;
  /** Default: 'tls' on port 465, 'starttls' elsewhere. */
  mode?: ProbeMode;
  /** SNI. Default: the first DNS name among `hostnames`, else `host`; never an IP literal (none is sent then). */
  servername?: string;
  /** The names the certificate must cover. Default: [servername] when given, else [host]. */
  hostnames?: string[];
  /** The contents (PEM text, not a path) of a file of extra trusted CA certificates. */
  caPem?: string;
  /** The whole probe, in ms (default 60 s). Each phase also ends at min(its default, this). */
  timeoutMs?: number;
  /** Per-phase deadlines in ms; unset ones take DEFAULT_TIMEOUTS capped by timeoutMs. */
  phaseTimeouts?: Partial<PhaseTimeouts>;
  signal?: AbortSignal;
  /** The EHLO name. Default: the local address as an address literal ("[192.0.2.1]"). */
  ehloName?: string;
  /**
   * Judge it as a submission port: AUTH PLAIN or LOGIN must be offered inside TLS, and no AUTH
   * before it. Default: true on ports 587 and 465.
   */
  submission?: boolean;
  /** "Now" for certificate dates (tests). */
  now?: Date;
  expiryWarningDays?: number;
}

export async function probe(options: ProbeOptions): Promise<ProbeReport> {
  return (await probeServed(options)).report;
}

/**
 * The probe and the certificates as served (DER, leaf first, as read from the handshake): what
 * `probe --mx` compares with TLSA records. The report itself carries no DER, so its JSON stays as it is.
 */
export async function probeServed(options: ProbeOptions): Promise<{ report: ProbeReport; chainDer: Uint8Array[] }> {
  const host = stripBrackets(options.host.trim());
  const port = options.port;
  const mode: ProbeMode = options.mode ?? (port === 465 ? 'tls' : 'starttls');
  const submission = options.submission ?? isSubmissionPort(port);
  const hostnames = options.hostnames?.length ? options.hostnames : [options.servername?.trim() || host];
  const servername = pickServername(options.servername, hostnames, host);
  const totalMs = positive(options.timeoutMs) ?? DEFAULT_TOTAL_TIMEOUT;
  const timeouts: PhaseTimeouts = { ...DEFAULT_TIMEOUTS };
  for (const k of Object.keys(timeouts) as (keyof PhaseTimeouts)[]) timeouts[k] = positive(options.phaseTimeouts?.[k]) ?? Math.min(timeouts[k], totalMs);
  let session: SessionResult;
  try {
    session =
      host === '' || !Number.isInteger(port) || port < 1 || port > 65535
        ? invalid(host, port)
        : await runSession({ host, port, mode, servername, timeouts, totalMs, signal: options.signal, ehloName: options.ehloName });
  } catch (e) {
    session = { ...invalid(host, port), error: stopError({ kind: 'internal-failure', phase: 'connect', inSession: false, detail: e instanceof Error ? e.message : String(e) }) };
  }
  const judged = judgeProbe({
    host,
    port,
    mode,
    hostnames,
    chain: session.chain,
    tlsVersion: session.tlsVersion,
    roots: trustedRoots(options.caPem),
    now: options.now ?? new Date(),
    expiryWarningDays: options.expiryWarningDays,
    error: session.error,
    injection: session.injection,
    unsolicited: session.unsolicited,
    submission,
    authBeforeTls: session.authBeforeTls,
    authAfterTls: session.authAfterTls,
  });
  const report: ProbeReport = {
    host,
    port,
    mode,
    address: session.address,
    servername,
    hostnames,
    tlsVersion: session.tlsVersion,
    cipher: session.cipher,
    keyExchange: session.keyExchange,
    chain: judged.chain,
    chainSource: session.chainSource,
    ehloKeywords: session.ehloKeywords,
    auth: {
      beforeTls: session.authBeforeTls?.mechanisms ?? null,
      afterTls: session.authAfterTls?.mechanisms ?? null,
      ignored: (session.authBeforeTls?.ignored ?? 0) + (session.authAfterTls?.ignored ?? 0),
    },
    submission,
    injection: session.injection,
    verdict: judged.verdict,
    outcome: judged.outcome,
    sentence: judged.sentence,
    transcript: session.transcript,
    timings: session.timings,
    error: session.error,
  };
  return { report, chainDer: session.chain };
}


function invalid(host: string, port: number): SessionResult {
  return emptySessionResult(stopError({ kind: 'invalid-target', phase: 'connect', host, port }));
}

/** The SNI name as sent: an A-label DNS name (IDNA), never an IP literal; null sends none. */
function pickServername(given: string | undefined, hostnames: readonly string[], host: string): string | null {
  const candidates = given !== undefined ? [given] : [...hostnames, host];
  for (const c of candidates) {
    const name = stripBrackets(c.trim()).replace(/\.$/, '');
    if (name && !ipVersion(name)) return domainToASCII(name) || null;
    if (given !== undefined) return null;
  }
  return null;
}

function stripBrackets(s: string): string {
  return s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}
