// What a probe rule judges: one thing the live probe met, as plain data. The socket layer
// (io/probe/session.ts) and the dialogue (core/probe/dialogue.ts) record what ended the dialogue
// early (a StopEvidence: the first one is the report's error), the verdict what the server sent
// out of turn; which code, how severe and in what words is the rules' business.

import type { Advice } from '../../probe/advice';
import type { AuthOffer } from '../../probe/auth';
import type { ReplyFraming } from '../../probe/reply-reader';
import type { Injection, ProbeMode, ProbePhase, ProblemSeverity } from '../../probe/types';

export type StopEvidence =
  /** The probe's options name no host or no TCP port. */
  | { kind: 'invalid-target'; phase: 'connect'; host: string; port: number }
  /** The DNS lookup (phase 'dns') or the TCP connection failed; `sysCode` is Node's (ENOTFOUND, ECONNREFUSED…). */
  | { kind: 'no-connection'; phase: 'dns' | 'connect'; target: string; sysCode: string | undefined; detail: string }
  /**
   * A phase's deadline (`total`: the whole probe's) of `ms` passed, with `phaseBytes` received in
   * this phase and `bytesIn` in all (silence on a port of the other mode shows there).
   */
  | { kind: 'timed-out'; phase: ProbePhase; ms: number; total: boolean; mode: ProbeMode; tlsUp: boolean; phaseBytes: number; bytesIn: number }
  /** The caller's AbortSignal fired. */
  | { kind: 'cancelled'; phase: ProbePhase }
  /** The server hung up before the dialogue was over. */
  | { kind: 'closed'; phase: ProbePhase }
  /** The server sent more than the probe reads in all (`limit` bytes). */
  | { kind: 'too-much-data'; phase: ProbePhase; limit: number }
  /** A reply the reply reader could not frame (its `code` names the kind of fault). */
  | { kind: 'framing'; phase: ProbePhase; framing: ReplyFraming }
  /**
   * The TLS handshake failed: the TLS library's `sysCode` and message, and the first bytes the
   * server sent in this phase (plain text on a TLS port shows there).
   */
  | { kind: 'handshake-failed'; phase: 'handshake'; sysCode: string | undefined; detail: string; firstBytes: Uint8Array | null }
  /** The server answered the greeting, EHLO or STARTTLS with anything but 2xx; `first` is its first line, escaped. */
  | { kind: 'refused'; phase: 'greeting' | 'ehlo' | 'starttls' | 'ehlo-tls'; reply: number; first: string }
  /** The EHLO reply before TLS does not list STARTTLS. */
  | { kind: 'no-starttls'; phase: 'ehlo' }
  /** postfix-lens itself failed (`inSession`: while the dialogue ran, in `phase`). */
  | { kind: 'internal-failure'; phase: ProbePhase; inSession: boolean; detail: string };

export type ProbeEvidence =
  | StopEvidence
  /** Bytes after the 220 to STARTTLS, before the handshake. */
  | { kind: 'injection'; injection: Injection }
  /** Bytes before the server could have read the client's next command. */
  | { kind: 'unsolicited'; data: Injection }
  /** On a submission port: what the EHLO reply inside TLS offered as AUTH (`offer.offered` false: no AUTH at all). */
  | { kind: 'auth-after-tls'; port: number; mode: ProbeMode; offer: AuthOffer }
  /** On a submission port: the EHLO reply before STARTTLS had an AUTH line. */
  | { kind: 'auth-before-tls'; offer: AuthOffer };

/** A probe rule's finding; `advice` words the verdict's sentence when it is the deciding problem. */
export interface ProbeJudgement {
  code: string;
  severity: ProblemSeverity;
  message: string;
  advice?: Advice;
}
