// The shapes of a live STARTTLS probe. ProbeReport is plain JSON: the CLI prints it as is with
// --json, and the language server can hand it to the client unchanged.
//
// Conventions: times are milliseconds since the probe started (integers); dates are ISO 8601 UTC;
// null means "not reached" (no TLS happened, no certificate was seen), never "empty".

export type ProbeMode = 'starttls' | 'tls';

/** Where the probe was when it stopped. 'ehlo-tls' is the EHLO sent after STARTTLS. */
export type ProbePhase = 'dns' | 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'handshake' | 'ehlo-tls' | 'quit';

export type ProbeErrorCode =
  | 'connection-failed' // DNS failure, refused, unreachable, reset before the greeting
  | 'connection-closed' // the server hung up in the middle of the dialogue
  | 'timeout' // a phase or the whole probe ran out of time
  | 'cancelled' // the caller's AbortSignal fired
  | 'greeting-refused' // 421 or 554 (or anything but 220) as greeting
  | 'ehlo-refused'
  | 'starttls-not-offered'
  | 'starttls-refused' // 454 (or any non-220) to STARTTLS
  | 'tls-handshake-failed'
  | 'reply-too-long' // a line over MAX_LINE_BYTES, a reply over its limits, too many bytes in all
  | 'bad-reply' // a line that is not "NNN", "NNN text" or "NNN-text"
  | 'internal-error'; // a bug in postfix-lens (reported, never thrown)

export interface ProbeError {
  phase: ProbePhase;
  code: ProbeErrorCode;
  /** One or two sentences for a mail admin, naming the phase and, where known, the fix. */
  message: string;
}

export interface TranscriptEntry {
  from: 'client' | 'server';
  /** Without CR LF; bytes outside printable ASCII are shown as \xNN. */
  line: string;
  /** Milliseconds since the probe started. */
  ms: number;
  /** True once the line travelled inside TLS. */
  tls: boolean;
}

export interface ChainEntry {
  subject: string;
  issuer: string;
  /** DNS names, then IP addresses, of the subjectAltName. */
  names: string[];
  notBefore: string;
  notAfter: string;
  /** "AB:CD:…" as OpenSSL prints it. */
  fingerprint256: string;
  selfSigned: boolean;
  /** "RSA 2048", "EC P-256", "Ed25519". */
  key: string;
  signatureAlgorithm: string;
  isCA: boolean;
}

export type ProblemSeverity = 'error' | 'warning' | 'hint';

export interface ProbeProblem {
  /** The certificate codes of the static checks (cert-…) or one of the probe's own codes. */
  code: string;
  severity: ProblemSeverity;
  message: string;
}

/** Bytes the server sent when it should have been silent (after its 220 to STARTTLS, before the handshake). */
export interface Injection {
  phase: ProbePhase;
  bytes: number;
  /** The first bytes, escaped like transcript lines. */
  preview: string;
}

export interface ProbeVerdict {
  /** The chain leads to a public root or a --ca-file root; null when no certificate was seen. */
  trusted: boolean | null;
  /** Every name to verify is covered (RFC 6125); null when no certificate was seen. */
  nameMatches: boolean | null;
  /** Would a strict client (Gmail's "Send mail as") accept this server? */
  acceptable: boolean;
  problems: ProbeProblem[];
}

/**
 * The SASL mechanisms the EHLO replies offered (core/probe/auth.ts): upper-case names of a SASL
 * mechanism's shape, in the server's order. null: that EHLO reply was not reached, and with TLS from
 * the first byte there is no EHLO before TLS at all; [] when the reply had no usable AUTH name.
 */
export interface ProbeAuth {
  beforeTls: string[] | null;
  afterTls: string[] | null;
  /** Names the server listed that are not of a SASL mechanism's shape (or past the limit), not shown. */
  ignored: number;
}

/** accept: exit 0; refuse: the server answered, and a strict client would not go on (exit 1);
 * unfinished: the probe could not reach a verdict (exit 2). */
export type ProbeOutcome = 'accept' | 'refuse' | 'unfinished';

export interface ProbeReport {
  host: string;
  port: number;
  mode: ProbeMode;
  /** The IP address connected to; null before the connection. */
  address: string | null;
  /** The SNI name sent; null when none (the host is an IP literal). */
  servername: string | null;
  /** The names the certificate was checked against. */
  hostnames: string[];
  tlsVersion: string | null;
  /** IANA name, e.g. TLS_AES_256_GCM_SHA384. */
  cipher: string | null;
  /** "X25519", "ECDH P-256 (256 bits)", "DH 2048 bits": the ephemeral key, where Node tells it. */
  keyExchange: string | null;
  /** As the server sent it, leaf first. */
  chain: ChainEntry[];
  /** 'wire': read from the handshake itself (exact order); 'peer-certificate': Node's view (re-ordered, unrelated certificates dropped). */
  chainSource: 'wire' | 'peer-certificate' | null;
  /** The EHLO keywords before TLS (upper-case, with their parameters). */
  ehloKeywords: string[];
  /** AUTH in the EHLO replies before and after TLS. */
  auth: ProbeAuth;
  /**
   * Judged as a submission port (587 and 465 by default, or --submission): AUTH PLAIN or LOGIN must
   * be offered after TLS, and AUTH never before it.
   */
  submission: boolean;
  injection: Injection | null;
  verdict: ProbeVerdict;
  outcome: ProbeOutcome;
  /** One plain sentence: would Gmail's "Send mail as" accept this server, and if not why and the fix. */
  sentence: string;
  transcript: TranscriptEntry[];
  timings: { connectMs: number | null; greetingMs: number | null; handshakeMs: number | null; totalMs: number };
  error: ProbeError | null;
}
