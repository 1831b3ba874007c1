// The custom requests between the VS Code client and the language server: one namespace per request
// with its method name and its typed RequestType, as vscode-eslint does. Imported by both sides, so
// nothing here may need VS Code or Node: vscode-languageserver-protocol's default entry is the
// environment-neutral one, and core/ is imported for types only.
//
// Conventions: URIs are LSP document URIs; ports are TCP ports (1..65535); paths are absolute file
// system paths of the machine the server runs on.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ProbeMode, ProbeReport } from './core/probe/types';
import type { ProtocolsReport } from './core/probe/protocols-types';
import type { DnsCheckReport } from './core/dns/report-html';

export type { ProbeMode, ProbeReport } from './core/probe/types';
export type { ProtocolsReport } from './core/probe/protocols-types';

/** What initializationOptions may carry besides the settings. */
export interface InitializationOptions {
  settings?: unknown;
  /**
   * VS Code's workspace.isTrusted. Absent (other editors, which have no such notion): trusted.
   * Untrusted: postconf is never run and nothing is probed; the pure analysis goes on.
   */
  trusted?: boolean;
  /** When true, every publish of diagnostics is followed by a TimingNotification (bench/lsp.ts). */
  timing?: boolean;
}

/** A server to probe, as the configuration implies it or as the user typed it. */
export interface ProbeTarget {
  /** A DNS name or an IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  mode: ProbeMode;
  /** The SNI name and the name to verify when `host` is an IP literal; absent: `host` itself. */
  servername?: string;
  /** The master.cf service ("smtp", "submission", "smtps", "127.0.0.1:2525") or "main.cf". */
  service: string;
  /** For pickers and code lenses: "smtp.example.com:587 (submission, STARTTLS)". */
  label: string;
}

export interface ProbeTargetsParams {
  /** A main.cf or master.cf; the pair it belongs to is read. */
  uri: string;
}

export interface ProbeTargetsResult {
  /** The names the configuration answers to: $myhostname, then postfixLens.hostnames (no repeats). */
  hostnames: string[];
  /** Every host of `hostnames` on every SMTP port master.cf opens (25, 587, 465, numbers, host:port). */
  targets: ProbeTarget[];
}

export namespace ProbeTargetsRequest {
  export const method = 'postfixLens/probeTargets' as const;
  export const type = new RequestType<ProbeTargetsParams, ProbeTargetsResult | null, void>(method);
}

export interface ProbeParams {
  host: string;
  port: number;
  /** Default: 'tls' on port 465, 'starttls' elsewhere. */
  mode?: ProbeMode;
  /** The SNI name to send (default: the host, never an IP literal). */
  servername?: string;
  /** The names the certificate must cover (default: [servername] when given, else [host]). */
  hostnames?: string[];
  /** Judge AUTH as on a submission port (default: on ports 587 and 465). */
  submission?: boolean;
}

/**
 * Runs the live probe in the language server (sockets never touch the editor's process). The
 * answer is the ProbeReport (core/probe/types.ts), whatever the server did. Cancelling the request
 * ($/cancelRequest) aborts the probe: the answer is then an error with code RequestCancelled
 * (-32800) whose `data` is the report so far (error.code 'cancelled'). In an untrusted workspace the
 * answer is an error with code UNTRUSTED_ERROR.
 */
export namespace ProbeRequest {
  export const method = 'postfixLens/probe' as const;
  export const type = new RequestType<ProbeParams, ProbeReport, ProbeReport | undefined>(method);
  /** The error code of a probe refused because the workspace is not trusted. */
  export const UNTRUSTED_ERROR = -32001;
}

export interface ProbeProtocolsParams {
  host: string;
  port: number;
  /** Default: 'tls' on port 465, 'starttls' elsewhere. */
  mode?: ProbeMode;
  /** The SNI name to send (default: the host, never an IP literal). */
  servername?: string;
  /** Judge the port as a submission port (587 and 465 always are). */
  submission?: boolean;
}

/**
 * Which TLS versions, suites and groups the server accepts (core/probe/protocols.ts's
 * ProtocolsReport), learnt in the language server over many short connections. Cancelling the
 * request aborts it: the answer is then an error with code RequestCancelled (-32800) whose `data` is
 * what was learnt so far. In an untrusted workspace: an error with code UNTRUSTED_ERROR, and no
 * connection is made.
 */
export namespace ProbeProtocolsRequest {
  export const method = 'postfixLens/probeProtocols' as const;
  export const type = new RequestType<ProbeProtocolsParams, ProtocolsReport, ProtocolsReport | undefined>(method);
  export const UNTRUSTED_ERROR = ProbeRequest.UNTRUSTED_ERROR;
}

export interface CertificateSummaryParams {
  uri: string;
}

/** How bad the worst finding is: drives the status bar item's colour. */
export type SummaryLevel = 'ok' | 'warning' | 'error' | 'off' | 'unknown';

export interface CertificateSummary {
  /** A word or two: "TLS ok", "Self-signed", "Name mismatch", "Expires in 12 days", "TLS off". */
  text: string;
  level: SummaryLevel;
  /** Plain text (never Markdown): which certificate, what is wrong, what to do. */
  tooltip: string;
  /** The finding code behind `text`; null when nothing is wrong or nothing could be checked. */
  code: string | null;
}

/** The worst server-certificate verdict of the pair a main.cf or master.cf belongs to. */
export namespace CertificateSummaryRequest {
  export const method = 'postfixLens/certificateSummary' as const;
  export const type = new RequestType<CertificateSummaryParams, CertificateSummary | null, void>(method);
}

export type RsaBits = 2048 | 3072;

export interface CreateCsrParams {
  /** A main.cf or master.cf on disk: the files are written beside main.cf. */
  uri: string;
  /** Names to add to $myhostname and postfixLens.hostnames (DNS names, wildcards, IP addresses). */
  extraNames?: string[];
  /** Default 2048. */
  bits?: RsaBits;
}

export type CreateCsrResult =
  | {
      ok: true;
      keyPath: string;
      csrPath: string;
      /** The subjectAltNames, in order; the first is also the CN. */
      names: string[];
      bits: RsaBits;
      /** Markdown: how to get the certificate and configure Postfix with it. */
      nextSteps: string;
    }
  | { ok: false; message: string };

/**
 * Generates an RSA key (file mode 0600) and a certificate signing request for the names the
 * configuration needs, beside main.cf as <first name>.key and .csr, never overwriting a file
 * (<name>-1.key, -2, ... when taken).
 */
export namespace CreateCsrRequest {
  export const method = 'postfixLens/createCsr' as const;
  export const type = new RequestType<CreateCsrParams, CreateCsrResult, void>(method);
}

export interface TrustParams {
  trusted: boolean;
}

/** The client tells the server that the user granted workspace trust (VS Code never revokes it live). */
export namespace TrustNotification {
  export const method = 'postfixLens/workspaceTrust' as const;
  export const type = new NotificationType<TrustParams>(method);
}

/** What one publish of diagnostics cost in the server. Times in milliseconds. */
export interface TimingParams {
  /** The document whose change (or opening) was analysed, and its version then. */
  uri: string;
  version: number | undefined;
  /** The configuration pair's analysis (parse, model, rules). */
  analysisMs: number;
  /** The certificate checks (file reads the cache could not answer included). */
  certificatesMs: number;
  /** From the start of the analysis to the diagnostics sent. */
  totalMs: number;
  /** CPU time of the whole process meanwhile (every thread), which other processes do not inflate. */
  cpuMs: number;
  /** How many analyses of a configuration pair the server has computed so far (a publish answered from the last one adds none). */
  analyses: number;
  /** The certificate cache's counters so far: reads and results it answered (hits) or had to do (misses). */
  certificateCache: { hits: number; misses: number; resultHits: number; resultMisses: number; shared: number };
}

/** Sent after each publish of diagnostics when initializationOptions.timing is true. */
export namespace TimingNotification {
  export const method = 'postfixLens/timing' as const;
  export const type = new NotificationType<TimingParams>(method);
}

export type { DnsCheckReport, DnsDiagnosticView, DnsDomainView, DnsHostView, DnsLookupView } from './core/dns/report-html';

export interface DnsCheckParams {
  /** A main.cf or master.cf; the pair it belongs to is checked. */
  uri: string;
}

/**
 * Runs the DNS check (MX, DANE, MTA-STS, TLS-RPT) for the pair a main.cf or master.cf belongs to,
 * with postfixLens.dns.resolver, postfixLens.dns.domains and postfixLens.hostnames, and puts its
 * findings among the pair's diagnostics (until the next run). The answer is the report; null when
 * the document is no configuration file. Cancelling the request ($/cancelRequest) ends the lookups:
 * the answer is then an error with code RequestCancelled (-32800) and the diagnostics stay as they
 * were. In an untrusted workspace the answer is an error with code UNTRUSTED_ERROR and no packet is sent.
 */
export namespace DnsCheckRequest {
  export const method = 'postfixLens/dnsCheck' as const;
  export const type = new RequestType<DnsCheckParams, DnsCheckReport | null, void>(method);
  export const UNTRUSTED_ERROR = -32001;
}
