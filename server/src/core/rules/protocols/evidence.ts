// What a protocols rule judges: what the live enumeration (io/probe/enumerate.ts) learnt a server
// accepts, as plain data, and the port's role. Which code, how severe and in what words is the
// rules' business (rules/protocols/).

import type { Severity } from '../../types';
import type { PortRole, TlsVersionName } from '../../probe/protocols-types';

export { VERSION_WORDS } from '../../probe/protocols-types';

export interface AcceptedVersion {
  version: TlsVersionName;
  /** OpenSSL's names, in the order the server chose them when offered every suite still left. */
  ciphers: string[];
}

export interface ProtocolsEvidence {
  role: PortRole;
  /** Only the versions the server accepted, oldest first. */
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
