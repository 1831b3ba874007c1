// One probe: the sockets, the clock and the limits around the pure dialogue (core/probe/dialogue).
//
// Every phase has its own deadline (an absolute one per phase, not an idle timer, so a server that
// drips a byte a second is stopped too), the whole probe a total one, and the caller's AbortSignal
// stops it at any point. Every socket has its error and close handlers from the start; handler
// bodies are guarded, so nothing here can throw into the event loop or reject a promise. The
// session resolves exactly once, with a report.
//
// TLS: rejectUnauthorized is false and the context holds no CA (see tls-client.ts); the certificate
// core judges the chain, read from the handshake bytes as sent (see wire-tap.ts).

import * as dns from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { SmtpDialogue, type DialogueStep } from '../../core/probe/dialogue.js';
import { stopError } from '../../core/rules/probe/judge.js';
import type { StopEvidence } from '../../core/rules/probe/evidence.js';
import { escapeWireBytes } from '../../core/escape.js';
import { ReplyReader } from '../../core/probe/reply-reader.js';
import type { AuthOffer } from '../../core/probe/auth.js';
import type { Injection, ProbeError, ProbeMode, ProbePhase, TranscriptEntry } from '../../core/probe/types.js';
import { chainAsSent, describeEphemeral, offerContext, probeContext, type TlsOffer } from './tls-client.js';

export type { TlsOffer } from './tls-client.js';
import { tapSocket, type WireTap } from './wire-tap.js';
import { ipVersion, isIPv6 } from './ip-address.js';

export interface PhaseTimeouts {
  /** DNS lookup and TCP connect. */
  connect: number;
  greeting: number;
  /** Each reply to EHLO, STARTTLS, QUIT. */
  reply: number;
  handshake: number;
}

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { connect: 10_000, greeting: 30_000, reply: 15_000, handshake: 15_000 };
export const DEFAULT_TOTAL_TIMEOUT = 60_000;
/** Bytes from the server over the whole session (plain and TLS records). */
export const MAX_SESSION_BYTES = 1024 * 1024;
/** Handshake bytes kept to read the certificate list. */
const CAPTURE_LIMIT = 512 * 1024;
const MAX_TRANSCRIPT = 1000;
/** How long to wait for a TLS 1.3 session ticket before the EHLO after STARTTLS (see onSecure). */
const TICKET_WAIT_MS = 10;

export interface SessionSettings {
  host: string;
  port: number;
  mode: ProbeMode;
  servername: string | null;
  timeouts: PhaseTimeouts;
  totalMs: number;
  signal?: AbortSignal;
  ehloName?: string;
  /**
   * What the TLS client offers, for the enumeration of what a server accepts (io/probe/enumerate.ts).
   * Absent: the probe's own context (Node's defaults, TLS 1.2 and later), as strict clients offer.
   */
  offer?: TlsOffer;
  /** Close right after the handshake: no EHLO inside TLS, no QUIT (the enumeration's connections). */
  handshakeOnly?: boolean;
}


export interface SessionResult {
  address: string | null;
  transcript: TranscriptEntry[];
  error: ProbeError | null;
  tlsVersion: string | null;
  cipher: string | null;
  /** The suite's OpenSSL name ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"). */
  opensslCipher: string | null;
  keyExchange: string | null;
  /** The group of the ephemeral key as OpenSSL names it ("X25519", "prime256v1"); null when none. */
  group: string | null;
  /** What the TLS library said when the handshake failed: its code and message; null otherwise. */
  tlsFailure: { sysCode: string | undefined; detail: string } | null;
  chain: Uint8Array[];
  chainSource: 'wire' | 'peer-certificate' | null;
  ehloKeywords: string[];
  /** AUTH before and inside TLS, as the dialogue read it (null: that EHLO reply was not reached). */
  authBeforeTls: AuthOffer | null;
  authAfterTls: AuthOffer | null;
  injection: Injection | null;
  unsolicited: Injection[];
  timings: { connectMs: number | null; greetingMs: number | null; handshakeMs: number | null; totalMs: number };
}

/** A session that has seen nothing yet (or never started, when `error` says why). */
export function emptySessionResult(error: SessionResult['error']): SessionResult {
  return {
    address: null,
    transcript: [],
    error,
    tlsVersion: null,
    cipher: null,
    opensslCipher: null,
    keyExchange: null,
    group: null,
    tlsFailure: null,
    chain: [],
    chainSource: null,
    ehloKeywords: [],
    authBeforeTls: null,
    authAfterTls: null,
    injection: null,
    unsolicited: [],
    timings: { connectMs: null, greetingMs: null, handshakeMs: null, totalMs: 0 },
  };
}

export function runSession(s: SessionSettings): Promise<SessionResult> {
  return new Promise((resolve) => new Session(s, resolve).start());
}

class Session {
  private readonly t0 = performance.now();
  private phase: ProbePhase = 'connect';
  private dialogue: SmtpDialogue | null = null;
  private earlyError: ProbeError | null = null;
  private reader = new ReplyReader();
  private raw: net.Socket | null = null;
  private secure: tls.TLSSocket | null = null;
  private tap: WireTap | null = null;
  private phaseTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private finished = false;
  private bytesIn = 0;
  private phaseBytes = 0;
  private handshakeStart = 0;
  private secret: Buffer | undefined;
  private ticketSeen = false;
  /** Between the handshake and the deferred EHLO: bytes are kept, not taken as replies. */
  private holding = false;
  private onTicket: (() => void) | undefined;
  private readonly result: SessionResult = emptySessionResult(null);

  constructor(
    private readonly s: SessionSettings,
    private readonly resolve: (r: SessionResult) => void,
  ) {}

  start(): void {
    this.guard(() => {
      const { signal } = this.s;
      if (signal?.aborted) return this.fail(stopError({ kind: 'cancelled', phase: this.phase }));
      signal?.addEventListener('abort', this.onAbort, { once: true });
      this.totalTimer = setTimeout(() => this.guard(() => this.onTotalTimeout()), this.s.totalMs);
      if (ipVersion(this.s.host)) this.connect(this.s.host);
      else this.lookup();
    });
  }

  // --- connection -------------------------------------------------------------------------

  private lookup(): void {
    this.setPhase('dns');
    dns.lookup(this.s.host, (err, address) =>
      this.guard(() => {
        if (this.finished) return;
        if (err) return this.fail(stopError({ kind: 'no-connection', phase: 'dns', target: this.s.host, sysCode: err.code, detail: err.message }));
        this.connect(address);
      }),
    );
  }

  private connect(address: string): void {
    this.result.address = address;
    this.setPhase('connect');
    const raw = net.connect({ host: address, port: this.s.port, noDelay: true });
    this.raw = raw;
    raw.on('error', (e: NodeJS.ErrnoException) => this.guard(() => this.onSocketError(e)));
    raw.on('close', () => this.guard(() => this.onClose()));
    raw.on('data', this.onPlainData);
    raw.once('connect', () =>
      this.guard(() => {
        this.result.timings.connectMs = this.ms();
        const local = raw.localAddress ?? '127.0.0.1';
        const ehloName = this.s.ehloName ?? (isIPv6(local) ? `[IPv6:${local}]` : `[${local}]`);
        this.dialogue = new SmtpDialogue({ mode: this.s.mode, ehloName });
        this.apply(this.dialogue.connected());
      }),
    );
  }

  private readonly onPlainData = (chunk: Buffer): void =>
    this.guard(() => {
      if (this.finished || !this.count(chunk.length)) return;
      this.reader.push(chunk);
      this.pump(false);
    });

  private readonly onTlsData = (chunk: Buffer): void =>
    this.guard(() => {
      if (this.finished) return;
      this.reader.push(chunk);
      if (!this.holding) this.pump(true);
    });

  /** Hands complete replies to the dialogue, one at a time. */
  private pump(inTls: boolean): void {
    while (!this.finished && this.dialogue) {
      const next = this.reader.next();
      for (const line of next.lines) this.log('server', line, inTls);
      if (next.error) return this.fail(stopError({ kind: 'framing', phase: this.phase, framing: next.error }));
      if (!next.reply) return;
      if (this.phase === 'greeting') this.result.timings.greetingMs = this.ms();
      const before = this.phase;
      const step = this.dialogue.reply(next.reply);
      if (before === 'ehlo') this.result.ehloKeywords = this.dialogue.extensions.map((e) => [e.keyword, ...e.params].join(' '));
      this.apply(step, before);
    }
  }

  private apply(step: DialogueStep, replyPhase?: ProbePhase): void {
    if (this.finished || !this.dialogue) return;
    this.setPhase(this.dialogue.phase);
    switch (step.kind) {
      case 'send':
        if (this.reader.pendingBytes > 0 && replyPhase) {
          // The server cannot have read the command we are about to send: it talks out of turn.
          const rest = this.reader.takeRest();
          this.result.unsolicited.push({ phase: replyPhase, bytes: rest.length, preview: escapeWireBytes(rest) });
        }
        this.write(step.line);
        return;
      case 'start-tls': {
        const rest = this.reader.takeRest();
        if (rest.length > 0) this.result.injection = { phase: 'starttls', bytes: rest.length, preview: escapeWireBytes(rest) };
        this.startTls();
        return;
      }
      case 'wait':
        return;
      case 'close':
        this.finish();
        return;
    }
  }

  private write(line: string): void {
    this.log('client', line, this.secure !== null);
    const stream = this.secure ?? this.raw;
    if (stream && !stream.destroyed) stream.write(`${line}\r\n`);
  }

  // --- TLS --------------------------------------------------------------------------------

  private startTls(): void {
    const raw = this.raw!;
    raw.removeListener('data', this.onPlainData);
    const tap = tapSocket(raw, CAPTURE_LIMIT, (n) => void this.count(n));
    this.tap = tap;
    this.handshakeStart = performance.now();
    const offer = this.s.offer;
    const options: tls.ConnectionOptions = {
      socket: tap.stream,
      secureContext: offer ? offerContext(offer) : probeContext(),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    };
    if (this.s.servername) options.servername = this.s.servername;
    const secure = tls.connect(options);
    secure.on('keylog', (line: Buffer) => {
      const m = /^SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-fA-F]+ ([0-9a-fA-F]+)/.exec(line.toString('latin1'));
      if (m) this.secret = Buffer.from(m[1]!, 'hex');
    });
    secure.on('session', () => {
      this.ticketSeen = true;
      this.onTicket?.();
    });
    secure.once('secureConnect', () => this.guard(() => this.onSecure(secure, tap)));
    secure.on('data', this.onTlsData);
    secure.on('error', (e: NodeJS.ErrnoException) => this.guard(() => this.onTlsError(e)));
    secure.on('close', () => this.guard(() => this.onClose()));
  }

  private onSecure(secure: tls.TLSSocket, tap: WireTap): void {
    if (this.finished) return;
    this.result.timings.handshakeMs = Math.round(performance.now() - this.handshakeStart);
    tap.stopCapture();
    this.secure = secure;
    this.result.tlsVersion = secure.getProtocol() ?? null;
    const cipher = secure.getCipher();
    this.result.cipher = cipher ? (cipher.standardName ?? cipher.name) : null;
    this.result.opensslCipher = cipher?.name ?? null;
    const ephemeral = secure.getEphemeralKeyInfo();
    this.result.keyExchange = describeEphemeral(ephemeral);
    this.result.group = ephemeral && 'name' in ephemeral && typeof ephemeral.name === 'string' ? ephemeral.name : null;
    if (this.s.handshakeOnly) {
      this.dialogue!.done = true; // the handshake was all this connection was for
      return this.finish();
    }
    const asSent = chainAsSent(secure, tap.captured(), this.secret);
    this.result.chain = asSent.chain;
    this.result.chainSource = asSent.source;
    this.reader = new ReplyReader();
    const step = this.dialogue!.tlsEstablished();
    if (step.kind !== 'send') return this.apply(step); // TLS from the first byte: the server speaks first
    this.setPhase(this.dialogue!.phase); // the handshake is over, whatever happens next
    // Never write from inside 'secureConnect' (or 'session'): they run within OpenSSL's record
    // processing, where a write is parked until the next read event (tens of ms later, or never
    // with a silent server). In TLS 1.3 the server sends its session tickets right after the
    // handshake; a command sent after them carries their ACK, whereas one sent before leaves the
    // server's reply waiting for our delayed ACK (Nagle: ~40 ms on loopback). So wait for the
    // first ticket, at most TICKET_WAIT_MS. Whatever the server sends meanwhile is out of turn.
    this.holding = true;
    let sent = false;
    const proceed = (): void => {
      if (sent) return;
      sent = true;
      clearTimeout(wait);
      setImmediate(() =>
        this.guard(() => {
          this.holding = false;
          this.apply(step, 'handshake');
        }),
      );
    };
    const wait = setTimeout(proceed, this.result.tlsVersion === 'TLSv1.3' && !this.ticketSeen ? TICKET_WAIT_MS : 0);
    this.onTicket = proceed;
  }

  private onTlsError(e: NodeJS.ErrnoException): void {
    if (this.finished) return;
    if (this.phase === 'handshake') return this.fail(this.handshakeFailed(e.code, e.message));
    this.onClose();
  }

  private firstBytes(): Buffer | null {
    const b = this.tap?.captured();
    return b && b.length ? b.subarray(0, 16) : null;
  }

  // --- endings ----------------------------------------------------------------------------

  private onSocketError(e: NodeJS.ErrnoException): void {
    if (this.finished) return;
    if (this.phase === 'connect') return this.fail(this.noConnection(e.code, e.message));
    if (this.phase === 'handshake') return this.fail(this.handshakeFailed(e.code, e.message));
    this.onClose();
  }

  private onClose(): void {
    if (this.finished) return;
    if (this.phase === 'connect' || this.phase === 'dns') return this.fail(this.noConnection('ECONNRESET', 'closed'));
    if (this.phase === 'handshake') return this.fail(this.handshakeFailed('ECONNRESET', 'socket disconnected'));
    this.dialogue?.closed();
    this.finish();
  }

  private readonly onAbort = (): void => this.guard(() => this.fail(stopError({ kind: 'cancelled', phase: this.phase })));

  private onTotalTimeout(): void {
    if (this.phase === 'quit') return this.finish();
    this.fail(stopError(this.timedOut(this.s.totalMs, true)));
  }

  private onPhaseTimeout(ms: number): void {
    if (this.phase === 'quit') return this.finish();
    this.fail(stopError(this.timedOut(ms, false)));
  }

  private timedOut(ms: number, total: boolean): StopEvidence {
    return { kind: 'timed-out', phase: this.phase, ms, total, mode: this.s.mode, tlsUp: this.dialogue?.tlsUp ?? false, phaseBytes: this.phaseBytes, bytesIn: this.bytesIn };
  }

  private noConnection(sysCode: string | undefined, detail: string): ProbeError {
    return stopError({ kind: 'no-connection', phase: 'connect', target: `${this.result.address} port ${this.s.port}`, sysCode, detail });
  }

  private handshakeFailed(sysCode: string | undefined, detail: string): ProbeError {
    this.result.tlsFailure ??= { sysCode, detail };
    return stopError({ kind: 'handshake-failed', phase: 'handshake', sysCode, detail, firstBytes: this.firstBytes() });
  }

  private fail(error: ProbeError): void {
    if (this.finished) return;
    if (this.dialogue) this.dialogue.fail(error);
    else this.earlyError ??= error;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.phaseTimer);
    clearTimeout(this.totalTimer);
    this.s.signal?.removeEventListener('abort', this.onAbort);
    this.secure?.destroy();
    this.raw?.destroy();
    this.result.error = this.dialogue?.error ?? this.earlyError;
    this.result.authBeforeTls = this.dialogue?.authBeforeTls ?? null;
    this.result.authAfterTls = this.dialogue?.authAfterTls ?? null;
    this.result.timings.totalMs = this.ms();
    this.resolve(this.result);
  }

  // --- helpers ----------------------------------------------------------------------------

  private setPhase(phase: ProbePhase): void {
    if (phase === this.phase && this.phaseTimer) return;
    this.phase = phase;
    this.phaseBytes = 0;
    clearTimeout(this.phaseTimer);
    const t = this.s.timeouts;
    const ms = phase === 'dns' || phase === 'connect' ? t.connect : phase === 'greeting' ? t.greeting : phase === 'handshake' ? t.handshake : t.reply;
    this.phaseTimer = setTimeout(() => this.guard(() => this.onPhaseTimeout(ms)), ms);
  }

  /** Counts bytes from the server; false (and the probe ends) past MAX_SESSION_BYTES. */
  private count(n: number): boolean {
    this.bytesIn += n;
    this.phaseBytes += n;
    if (this.bytesIn <= MAX_SESSION_BYTES) return true;
    this.fail(stopError({ kind: 'too-much-data', phase: this.phase, limit: MAX_SESSION_BYTES }));
    return false;
  }

  private log(from: 'client' | 'server', line: string, inTls: boolean): void {
    if (this.result.transcript.length < MAX_TRANSCRIPT) this.result.transcript.push({ from, line, ms: this.ms(), tls: inTls });
  }

  private ms(): number {
    return Math.round(performance.now() - this.t0);
  }

  /** Runs an event handler; a bug inside becomes an internal-error result, never an exception in the event loop. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      try {
        this.fail(stopError({ kind: 'internal-failure', phase: this.phase, inSession: true, detail: e instanceof Error ? e.message : String(e) }));
      } catch {
        // finishing failed too: nothing more can be done without throwing
      }
    }
  }
}
