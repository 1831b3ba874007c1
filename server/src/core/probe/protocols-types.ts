// The shapes of `probe --protocols`: which TLS versions, suites and groups a live server accepts,
// and the verdict on them. ProtocolsReport is plain JSON: the CLI prints it with --json and the
// language server hands it to the client unchanged. Pure, and free of the rules, so the client can
// show a report (protocols-html.ts) without bundling them.
import type { PortRole } from '../config/ports';
import type { Severity } from '../types';
import type { ProbeError, ProbeMode } from './types.js';

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/**
 * A submission port (587, 465, or said so) is where users log in: there Postfix's TLS_README wants
 * only strong settings. On an MX port (25 and others) Postfix enables legacy protocols and anonymous
 * suites on purpose: opportunistic TLS with anything beats plain text.
 */
export type { PortRole };

export const VERSION_WORDS: Record<TlsVersionName, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

export const TLS_VERSIONS: readonly TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface ProtocolEntry {
  version: TlsVersionName;
  /** The server completed a handshake at this version (false also when not learnt: see `learnt`). */
  accepted: boolean;
  /** OpenSSL's names, in the order the server chose them when offered every suite still left. */
  ciphers: string[];
  /** False: the enumeration could not tell whether the version is accepted (a timeout, a hang-up). */
  learnt: boolean;
  /** True when every suite the client can offer was tried (the last offer was refused cleanly). */
  complete: boolean;
}

/** What the enumeration learnt (io/probe/enumerate.ts), as plain data. */
export interface ProtocolsFacts {
  host: string;
  port: number;
  mode: ProbeMode;
  address: string | null;
  protocols: ProtocolEntry[];
  /** Key-exchange groups accepted, OpenSSL's names ("X25519", "P-256", "ffdhe2048"), in the order tried. */
  groups: string[];
  /** Whether the server imposes its own suite order; null when not learnt (fewer than two suites, or no answer). */
  serverOrder: boolean | null;
  /** False when some group could not be tried (a timeout, a hang-up). */
  groupsComplete: boolean;
  /** The first failure that kept a part from being learnt (a timeout, a refused connection, a cancel). */
  error: ProbeError | null;
  connections: number;
  totalMs: number;
}

export interface ProtocolsProblem {
  code: string;
  severity: Severity;
  message: string;
}

/** ok: nothing weak (exit 0); weak: a weak protocol or suite (exit 1); unfinished: not learnt (exit 2). */
export type ProtocolsOutcome = 'ok' | 'weak' | 'unfinished';

export interface ProtocolsReport extends ProtocolsFacts {
  /** How the port was judged: a submission port (587, 465, --submission) or an MX port. */
  role: PortRole;
  problems: ProtocolsProblem[];
  /** What could not be learnt, one sentence each (from `learnt`, `complete`, `groupsComplete`, `serverOrder`). */
  unlearnt: string[];
  outcome: ProtocolsOutcome;
  /** What the client cannot offer at all, so the server's acceptance of it is never learnt. */
  limits: string;
}

/**
 * Node's OpenSSL 3 has no RC4, single DES, 3DES or EXPORT suites and no SSL 2/3 at all, so the
 * enumeration can neither offer them nor learn whether a server accepts them (testssl.sh can).
 */
export const CLIENT_LIMITS = 'Not tried: SSL 2.0 and 3.0, and RC4, DES, 3DES and EXPORT suites, which the OpenSSL 3 inside Node cannot offer.';

/** One sentence: what was found, for the end of the text report and the top of the HTML one. */
export function protocolsSentence(r: ProtocolsReport): string {
  const versions = r.protocols.filter((p) => p.accepted).map((p) => VERSION_WORDS[p.version] ?? p.version);
  const which = versions.length ? `accepts ${versions.join(', ')}` : 'accepted no TLS version the client could offer';
  if (r.outcome === 'weak') return `The server ${which}, with weak settings for a${r.role === 'submission' ? ' submission' : 'n MX'} port: see the problems.`;
  if (r.outcome === 'unfinished') return `Not everything could be learnt${r.error ? ` (${r.error.message.replace(/\.$/, '')})` : ''}; so far the server ${which}.`;
  return `The server ${which}; nothing weak was found for a${r.role === 'submission' ? ' submission' : 'n MX'} port.`;
}
