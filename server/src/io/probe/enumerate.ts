// `probe --protocols`: which TLS versions, suites and groups a server accepts, learnt over many
// short connections. Each one does the SMTP dialogue up to STARTTLS (or TLS from the first byte),
// then only the handshake with one particular offer, and closes: never EHLO inside TLS, AUTH, MAIL
// or RCPT (session.ts with `handshakeOnly`).
//
// - Versions: one connection per version, offering every suite the client has at that version.
// - Suites, per accepted version: offer every candidate, strike out the one the server chose, again,
//   until the server refuses (it accepts none of those left) or nothing is left to offer. The
//   order found is the order the server chose them in.
// - Groups: one group offered at a time at the highest version accepted (TLS 1.3, else 1.2 with
//   ECDHE suites); accepted when the server's ephemeral key is of that group.
// - Server order: two accepted suites offered in both orders; the same choice twice means the server
//   imposes its order.
// These connections lower OpenSSL's security level (@SECLEVEL=0) and minimum version to learn what
// the server accepts; the probe's own verdict connection never does (tls-client.ts's probeContext).
//
// At most `parallel` connections at once (4), and one deadline for the whole: when it passes, or the
// caller's signal fires, what is under way is stopped and what was learnt so far is returned, marked
// (`learnt`, `complete`, `groupsComplete`), with why (`error`). Never rejects.

import { performance } from 'node:perf_hooks';
import { domainToASCII } from 'node:url';
import type { SecureVersion } from 'node:tls';
import { TLS_VERSIONS, type ProtocolEntry, type ProtocolsFacts, type TlsVersionName } from '../../core/probe/protocols.js';
import type { ProbeError, ProbeMode } from '../../core/probe/types.js';
import { stopError } from '../../core/rules/probe/judge.js';
import { ipVersion } from './ip-address.js';
import { DEFAULT_TIMEOUTS, runSession, type PhaseTimeouts, type SessionResult, type TlsOffer } from './session.js';
import { offerContext } from './tls-client.js';
import { slots } from '../slots';

export interface EnumerateOptions {
  host: string;
  port: number;
  /** Default: 'tls' on port 465, 'starttls' elsewhere. */
  mode?: ProbeMode;
  /** SNI; default the host when it is a name. */
  servername?: string;
  /** The whole enumeration, in ms (default 60 s). */
  timeoutMs?: number;
  /** Connections at once (default 4). */
  parallel?: number;
  signal?: AbortSignal;
  ehloName?: string;
}

export const DEFAULT_ENUMERATION_TIMEOUT = 60_000;

/** Every suite OpenSSL has for TLS 1.2 and earlier, weak and anonymous ones included. */
const ALL_SUITES = 'ALL:COMPLEMENTOFALL';
const SECLEVEL0 = '@SECLEVEL=0';
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];
/** The groups tried, OpenSSL's names (ffdhe only in TLS 1.3, where they are negotiated as groups). */
const EC_GROUPS = ['X25519', 'X448', 'P-256', 'P-384', 'P-521', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'];
const FFDHE_GROUPS = ['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'];
/** What getEphemeralKeyInfo() calls the groups whose names differ. */
const EPHEMERAL_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
/** A bound on the suites learnt per version (OpenSSL has about 160 in all). */
const MAX_SUITES = 200;

/** A handshake's outcome: accepted (with what was chosen), refused by the server, or not learnt. */
type Attempt =
  | { kind: 'accepted'; session: SessionResult }
  | { kind: 'refused' }
  | { kind: 'unknown'; error: ProbeError | null }
  /** The client cannot make this offer at all (OpenSSL has none of the suites left). */
  | { kind: 'impossible' };

/** TLS failures that mean the server answered and said no (an alert), not that it hung up or stalled. */
const REFUSAL = /alert|wrong version number|unsupported protocol|no protocols available|no shared cipher|handshake failure|version too low|no suitable|unknown protocol/i;

export async function enumerateProtocols(o: EnumerateOptions): Promise<ProtocolsFacts> {
  const t0 = performance.now();
  const host = o.host.trim().replace(/^\[(.*)\]$/, '$1');
  const mode: ProbeMode = o.mode ?? (o.port === 465 ? 'tls' : 'starttls');
  const totalMs = o.timeoutMs && o.timeoutMs > 0 ? Math.floor(o.timeoutMs) : DEFAULT_ENUMERATION_TIMEOUT;
  const servername = o.servername?.trim() || (ipVersion(host) ? null : domainToASCII(host.replace(/\.$/, '')) || null);
  const facts: ProtocolsFacts = { host, port: o.port, mode, address: null, protocols: TLS_VERSIONS.map((version) => ({ version, accepted: false, ciphers: [], learnt: false, complete: false })), groups: [], groupsComplete: false, serverOrder: null, error: null, connections: 0, totalMs: 0 };

  const controller = new AbortController();
  let stopped: 'deadline' | 'cancelled' | null = null;
  const stop = (why: 'deadline' | 'cancelled') => {
    stopped ??= why;
    controller.abort();
  };
  const deadline = setTimeout(() => stop('deadline'), totalMs);
  const onAbort = () => stop('cancelled');
  if (o.signal?.aborted) stop('cancelled');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const run = slots(o.parallel && o.parallel > 0 ? Math.floor(o.parallel) : 4);
  let target = host;

  const attempt = (offer: TlsOffer): Promise<Attempt> =>
    run(async () => {
      if (stopped) return { kind: 'unknown', error: null };
      try {
        offerContext(offer);
      } catch {
        return { kind: 'impossible' };
      }
      const left = Math.max(1, totalMs - (performance.now() - t0));
      const timeouts: PhaseTimeouts = { ...DEFAULT_TIMEOUTS };
      for (const k of Object.keys(timeouts) as (keyof PhaseTimeouts)[]) timeouts[k] = Math.min(timeouts[k], left);
      facts.connections++;
      const s = await runSession({ host: target, port: o.port, mode, servername, timeouts, totalMs: left, signal: controller.signal, ehloName: o.ehloName, offer, handshakeOnly: true });
      if (s.address) facts.address ??= s.address;
      if (!s.error && s.tlsVersion) return { kind: 'accepted', session: s };
      if (s.error?.code === 'tls-handshake-failed' && s.tlsFailure && REFUSAL.test(s.tlsFailure.detail)) return { kind: 'refused' };
      if (s.error && !stopped) facts.error ??= s.error;
      return { kind: 'unknown', error: s.error };
    });

  try {
    // Versions, all at once; the first connection's address is used by the others (one DNS lookup).
    const first = await attempt(versionOffer('TLSv1.3'));
    if (facts.address) target = facts.address;
    const rest = await Promise.all((['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const).map((v) => attempt(versionOffer(v))));
    const byVersion = new Map<TlsVersionName, Attempt>([['TLSv1.3', first], ...rest.map((a, i) => [(['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const)[i]!, a] as [TlsVersionName, Attempt])]);
    const work: Promise<void>[] = [];
    for (const entry of facts.protocols) {
      const a = byVersion.get(entry.version)!;
      if (a.kind === 'refused' || a.kind === 'impossible') {
        entry.learnt = true;
        entry.complete = true;
      } else if (a.kind === 'accepted' && a.session.tlsVersion === entry.version && a.session.opensslCipher) {
        entry.learnt = true;
        entry.accepted = true;
        entry.ciphers.push(a.session.opensslCipher);
        work.push(enumerateSuites(entry, attempt));
      } else if (a.kind === 'accepted') {
        entry.learnt = true; // the server answered with another version than the only one offered
        entry.complete = true;
      }
    }
    const accepted = (v: TlsVersionName) => facts.protocols.find((p) => p.version === v)!.accepted;
    const groupVersion = accepted('TLSv1.3') ? 'TLSv1.3' : accepted('TLSv1.2') ? 'TLSv1.2' : null;
    const groupsLearnt = groupVersion ? enumerateGroups(groupVersion, attempt) : Promise.resolve({ groups: [], complete: true });
    await Promise.all(work);
    const [groups] = await Promise.all([groupsLearnt, learnServerOrder(facts, attempt)]);
    facts.groups = groups.groups;
    facts.groupsComplete = groups.complete;
  } finally {
    clearTimeout(deadline);
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (stopped === 'deadline') facts.error = stopError({ kind: 'timed-out', phase: 'handshake', ms: totalMs, total: true, mode, tlsUp: false, phaseBytes: 0, bytesIn: 0 });
  else if (stopped === 'cancelled') facts.error = stopError({ kind: 'cancelled', phase: 'handshake' });
  facts.totalMs = Math.round(performance.now() - t0);
  return facts;
}

function versionOffer(v: TlsVersionName): TlsOffer {
  const ciphers = v === 'TLSv1.3' ? TLS13_SUITES.join(':') : `${ALL_SUITES}:${SECLEVEL0}`;
  return { minVersion: v as SecureVersion, maxVersion: v as SecureVersion, ciphers };
}

/** Strikes out each suite the server chose and offers the rest again, one connection at a time. */
async function enumerateSuites(entry: ProtocolEntry, attempt: (o: TlsOffer) => Promise<Attempt>): Promise<void> {
  const v = entry.version;
  while (entry.ciphers.length < MAX_SUITES) {
    let ciphers: string;
    if (v === 'TLSv1.3') {
      const left = TLS13_SUITES.filter((s) => !entry.ciphers.includes(s));
      if (left.length === 0) break;
      ciphers = left.join(':');
    } else {
      ciphers = [ALL_SUITES, ...entry.ciphers.map((c) => `!${c}`), SECLEVEL0].join(':');
    }
    const a = await attempt({ minVersion: v as SecureVersion, maxVersion: v as SecureVersion, ciphers });
    if (a.kind === 'unknown') return;
    if (a.kind !== 'accepted') break;
    const chosen = a.session.opensslCipher;
    if (!chosen || entry.ciphers.includes(chosen) || a.session.tlsVersion !== v) break; // a server that ignores the offer: stop
    entry.ciphers.push(chosen);
  }
  entry.complete = true;
}

async function enumerateGroups(v: 'TLSv1.3' | 'TLSv1.2', attempt: (o: TlsOffer) => Promise<Attempt>): Promise<{ groups: string[]; complete: boolean }> {
  const candidates = v === 'TLSv1.3' ? [...EC_GROUPS, ...FFDHE_GROUPS] : EC_GROUPS;
  const ciphers = v === 'TLSv1.3' ? TLS13_SUITES.join(':') : `ECDHE:${SECLEVEL0}`;
  const results = await Promise.all(candidates.map((group) => attempt({ minVersion: v, maxVersion: v, ciphers, groups: group }).then((a) => ({ group, a }))));
  const groups = results.filter(({ group, a }) => a.kind === 'accepted' && sameGroup(group, a.session)).map((r) => r.group);
  return { groups, complete: results.every((r) => r.a.kind !== 'unknown') };
}

function sameGroup(offered: string, s: SessionResult): boolean {
  if (s.group) return (EPHEMERAL_NAMES[s.group] ?? s.group) === offered;
  const bits = /^ffdhe(\d+)$/.exec(offered)?.[1];
  return bits !== undefined && s.keyExchange === `DH ${bits} bits`;
}

/** Two accepted suites, offered in both orders: the same choice both times is the server's order. */
async function learnServerOrder(facts: ProtocolsFacts, attempt: (o: TlsOffer) => Promise<Attempt>): Promise<void> {
  const entry = ['TLSv1.2', 'TLSv1.3', 'TLSv1.1', 'TLSv1'].map((v) => facts.protocols.find((p) => p.version === v)!).find((p) => p.accepted && p.ciphers.length > 1);
  if (!entry) return;
  const a = entry.ciphers[0]!;
  const b = entry.ciphers[entry.ciphers.length - 1]!;
  const v = entry.version as SecureVersion;
  const offer = (x: string, y: string): TlsOffer => ({ minVersion: v, maxVersion: v, ciphers: entry.version === 'TLSv1.3' ? `${x}:${y}` : `${x}:${y}:${SECLEVEL0}` });
  const [ab, ba] = await Promise.all([attempt(offer(a, b)), attempt(offer(b, a))]);
  if (ab.kind !== 'accepted' || ba.kind !== 'accepted') return;
  const [first, second] = [ab.session.opensslCipher, ba.session.opensslCipher];
  if (first === second) facts.serverOrder = true;
  else if (first === a && second === b) facts.serverOrder = false;
}
