// postfixLens/probeTargets and postfixLens/probe: which servers a configuration implies, and the
// live probe of one of them, run here in the language server (sockets never touch the editor's
// process) and cancelled through the request's cancellation token.
//
// Targets: every name the server answers to ($myhostname, postfixLens.hostnames) on every SMTP port
// master.cf opens: smtpd or postscreen "inet" services named smtp (25), submission (587), smtps or
// submissions (465), a number, or host:port. Implicit TLS on 465 and wherever smtpd_tls_wrappermode
// is yes. A service bound to one address (192.0.2.1:25) is probed at that address, as the first name.
// Only host names and addresses are offered (isProbeHost); labels are plain text, escaped where shown.

import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type RequestHandler, type RequestType } from 'vscode-languageserver';
import type { Range } from '../core/types';
import type { ConfigAnalysis } from '../core/analysis';
import { effective } from '../core/tls/config-targets';
import { normalizeHostname } from '../core/tls/host-match';
import { isProbeHost } from '../core/probe/target';
import { probe } from '../io/probe/probe';
import { ProbeRequest, ProbeTargetsRequest, type ProbeMode, type ProbeParams, type ProbeReport, type ProbeTarget, type ProbeTargetsResult } from '../protocol';
import { safely } from './safe';
import type { Settings } from './settings';
import { UNTRUSTED_MESSAGE } from './trust';
import type { ConfigWorkspace } from './workspace';

/** Well-known SMTP service names (what /etc/services says on every distribution). */
const PORTS: ReadonlyMap<string, number> = new Map([
  ['smtp', 25],
  ['submission', 587],
  ['smtps', 465],
  ['submissions', 465],
]);

/** An SMTP listener of master.cf (or the implied port 25 without master.cf). */
export interface SmtpService {
  /** The service name as written ("smtp", "127.0.0.1:2525"); "main.cf" without master.cf. */
  service: string;
  port: number;
  mode: ProbeMode;
  /** The address it is bound to; null: every address (then the host names are probed). */
  host: string | null;
  /** The service line in master.cf; null without master.cf. */
  range: Range | null;
}

/** "smtp" → 25, "2525" → 2525, "127.0.0.1:smtp" → 127.0.0.1 and 25, "[::1]:25"; null when unknown. */
export function parseServiceName(name: string): { host: string | null; port: number } | null {
  let host: string | null = null;
  let port = name;
  const bracket = /^\[([^\]]*)\]:(.+)$/.exec(name);
  if (bracket) [host, port] = [bracket[1]!, bracket[2]!];
  else if (name.includes(':')) {
    const i = name.lastIndexOf(':');
    [host, port] = [name.slice(0, i), name.slice(i + 1)];
  }
  if (host !== null && ['', '*', '0.0.0.0', '::', 'all'].includes(host)) host = null;
  const n = /^\d{1,5}$/.test(port) ? Number(port) : PORTS.get(port.toLowerCase());
  return n !== undefined && n >= 1 && n <= 65535 ? { host, port: n } : null;
}

export function smtpServices(a: ConfigAnalysis): SmtpService[] {
  if (!a.master) return [{ service: 'main.cf', port: 25, mode: 'starttls', host: null, range: null }];
  const out: SmtpService[] = [];
  for (const sc of a.model.scopes) {
    const s = sc.service;
    if (s.type !== 'inet' || !['smtpd', 'postscreen'].includes(s.fields[7].text)) continue;
    const parsed = parseServiceName(s.name);
    // A service bound to something that is neither an address nor a host name is not offered.
    if (!parsed || (parsed.host !== null && !isProbeHost(parsed.host))) continue;
    const wrapper = effective(a, 'smtpd_tls_wrappermode', sc).toLowerCase() === 'yes';
    out.push({ service: s.name, ...parsed, mode: wrapper || parsed.port === 465 ? 'tls' : 'starttls', range: s.fields[0].range });
  }
  return out;
}

/** $myhostname, then the extra names, without repeats (case-insensitive) or blanks. */
export function configHostnames(a: ConfigAnalysis, extra: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of [effective(a, 'myhostname', null), ...extra]) {
    const k = n.trim();
    if (k && !out.some((x) => x.toLowerCase() === k.toLowerCase())) out.push(k);
  }
  return out;
}

/**
 * The names a probe is offered for: configHostnames() without those that are neither a host name
 * nor an address (isProbeHost), so a myhostname holding "$(icon)", a bidi override or a control
 * character never becomes a target, a code lens or a picker entry.
 */
export function probeHostnames(a: ConfigAnalysis, extra: readonly string[]): string[] {
  return configHostnames(a, extra).filter(isProbeHost);
}

const isIp = (h: string) => normalizeHostname(h).kind !== 'dns';

export function targetLabel(t: Omit<ProbeTarget, 'label'>): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const as = t.servername && t.servername !== t.host ? `, as ${t.servername}` : '';
  return `${host}:${t.port} (${t.service}, ${t.mode === 'tls' ? 'implicit TLS' : 'STARTTLS'}${as})`;
}

/** The targets of one listener: its own address, or every host name. */
export function targetsOfService(s: SmtpService, hostnames: readonly string[]): ProbeTarget[] {
  const make = (host: string, servername?: string): ProbeTarget => {
    const t = { host, port: s.port, mode: s.mode, service: s.service, ...(servername ? { servername } : {}) };
    return { ...t, label: targetLabel(t) };
  };
  if (s.host !== null) return [make(s.host, isIp(s.host) ? hostnames[0] : undefined)];
  return hostnames.map((h) => make(h));
}

export function probeTargetsOf(a: ConfigAnalysis, extraHostnames: readonly string[]): ProbeTargetsResult {
  const hostnames = probeHostnames(a, extraHostnames);
  const seen = new Set<string>();
  const targets: ProbeTarget[] = [];
  for (const s of smtpServices(a)) {
    for (const t of targetsOfService(s, hostnames)) {
      const key = `${t.host.toLowerCase()}|${t.port}|${t.mode}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(t);
    }
  }
  return { hostnames, targets };
}

export interface ProbeDeps {
  workspace: ConfigWorkspace;
  settings: () => Settings;
  trusted: () => boolean;
}

/**
 * A probe request's params from the wire, checked: a bad shape is InvalidParams. `checkTarget`: an
 * empty host or a port out of range too (probe() reports those itself; the enumeration has no
 * report to say them in).
 */
export function checkProbeParams(p: unknown, method: string, checkTarget = false): ProbeParams {
  const o = (p ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 253);
  if (typeof o.host !== 'string' || o.host.length > 255 || typeof o.port !== 'number' || (checkTarget && o.host.trim() === '')) throw new ResponseError(ErrorCodes.InvalidParams, `${method} needs { host: string, port: number }`);
  if (checkTarget && (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535)) throw new ResponseError(ErrorCodes.InvalidParams, 'port is a TCP port (1 to 65535)');
  if (o.mode !== undefined && o.mode !== 'starttls' && o.mode !== 'tls') throw new ResponseError(ErrorCodes.InvalidParams, 'mode is "starttls" or "tls"');
  if (o.servername !== undefined && (typeof o.servername !== 'string' || o.servername.length > 253)) throw new ResponseError(ErrorCodes.InvalidParams, 'servername is a host name');
  if (o.hostnames !== undefined && !strings(o.hostnames)) throw new ResponseError(ErrorCodes.InvalidParams, 'hostnames is a list of host names');
  if (o.submission !== undefined && typeof o.submission !== 'boolean') throw new ResponseError(ErrorCodes.InvalidParams, 'submission is true or false');
  return { host: o.host, port: o.port, mode: o.mode as ProbeMode | undefined, servername: o.servername as string | undefined, hostnames: o.hostnames as string[] | undefined, submission: o.submission as boolean | undefined };
}

/**
 * A request that connects to a server: refused in an untrusted workspace before any connection,
 * cancelled through its token (answered with RequestCancelled and what it has so far), and a throw
 * logged and answered as a bug. Not through safely(): a refused or cancelled request must answer
 * with its LSP error, not an empty result.
 */
export function onLiveRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R, R | undefined>,
  what: string,
  trusted: () => boolean,
  /** `raw`: the params as they came, not yet checked. */
  run: (raw: unknown, signal: AbortSignal) => Promise<R>,
): void {
  const handler = async (raw: P, token: CancellationToken): Promise<R> => {
    if (!trusted()) throw new ResponseError(ProbeRequest.UNTRUSTED_ERROR, UNTRUSTED_MESSAGE);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    let result: R;
    try {
      result = await run(raw, controller.signal);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      connection.console.error(`postfix-lens: ${what} failed: ${(e as Error)?.stack ?? e}`);
      throw new ResponseError(ErrorCodes.InternalError, `postfix-lens could not ${what} (${(e as Error)?.message ?? e}); this is a bug.`);
    } finally {
      sub.dispose();
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The probe was cancelled.', result);
    return result;
  };
  // (HandlerResult's conditional type does not resolve for a generic R: the handler is one for R.)
  connection.onRequest(type, handler as unknown as RequestHandler<P, R, R | undefined>);
}

export async function runProbe(deps: ProbeDeps, params: ProbeParams, signal: AbortSignal): Promise<ProbeReport> {
  return probe({
    host: params.host,
    port: params.port,
    mode: params.mode,
    submission: params.submission,
    servername: params.servername || undefined,
    hostnames: params.hostnames?.filter((h) => h.trim()),
    caPem: await deps.workspace.extraCaPem(deps.settings()),
    expiryWarningDays: deps.settings().expiryWarningDays,
    signal,
  });
}

export function registerProbe(connection: Connection, deps: ProbeDeps): void {
  connection.onRequest(
    ProbeTargetsRequest.type,
    safely(connection, 'probe targets', null, (p) => {
      const r = typeof p?.uri === 'string' ? deps.workspace.analyze(p.uri) : null;
      return r ? probeTargetsOf(r.analysis, deps.settings().hostnames) : null;
    }),
  );
  // probe() itself never throws; checkProbeParams throws only ResponseErrors.
  onLiveRequest(connection, ProbeRequest.type, 'probe', deps.trusted, (raw, signal) => runProbe(deps, checkProbeParams(raw, ProbeRequest.method), signal));
}
