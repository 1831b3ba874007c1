// What a protocols rule judges: what the live enumeration (io/probe/enumerate.ts) learnt a server
// accepts, as plain data, and the port's role. Which code, how severe and in what words is the
// rules' business (rules/protocols/).

import type { Severity } from '../../types';

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/**
 * A submission port (587, 465, or said so) is where users log in: there Postfix's TLS_README wants
 * only strong settings. On an MX port (25 and others) Postfix enables legacy protocols and anonymous
 * suites on purpose: opportunistic TLS with anything beats plain text.
 */
export type PortRole = 'submission' | 'mx';

export interface AcceptedVersion {
  version: TlsVersionName;
  /** OpenSSL's names, in the order the server chose them when offered every suite still left. */
  ciphers: string[];
}

export interface ProtocolsEvidence {
  role: PortRole;
  /** Only the versions the server accepted. */
  accepted: AcceptedVersion[];
  /** Whether the server imposes its own order of suites; null when not learnt. */
  serverOrder: boolean | null;
}

/** A protocols rule's finding. */
export interface ProtocolsJudgement {
  code: string;
  severity: Severity;
  message: string;
}

export const VERSION_WORDS: Record<TlsVersionName, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };
