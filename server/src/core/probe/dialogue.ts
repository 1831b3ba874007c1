// The client side of the SMTP dialogue as a state machine, with no I/O: the socket layer tells it
// what happened (connected, a complete reply, TLS is up, the server hung up) and it answers with
// the next step. It only ever sends EHLO, STARTTLS and QUIT: never AUTH, MAIL, RCPT, nor HELO.
//
//   starttls:  greeting 220 -> EHLO -> 250 with STARTTLS -> STARTTLS -> 220 -> handshake
//              -> EHLO -> 250 -> QUIT -> any reply -> close
//   tls:       handshake -> greeting 220 -> EHLO -> 250 -> QUIT -> any reply -> close
//
// Like Postfix's smtp client, any 2xx is success (RFC 5321 says 220/250). After a refusal the
// client still says QUIT politely; what the server does then (answer, hang up, stay silent until
// the reply timeout) no longer matters: the error that ended the dialogue is the one reported.

import { parseAuth, type AuthOffer } from './auth.js';
import { offers, parseEhlo, type EhloExtension } from './ehlo.js';
import type { SmtpReply } from './reply-reader.js';
import type { ProbeError, ProbeMode, ProbePhase } from './types.js';
import { stopError } from '../rules/probe/judge';
import type { StopEvidence } from '../rules/probe/evidence';

export type DialogueStep =
  /** Write the line followed by CR LF, then wait for the next reply. */
  | { kind: 'send'; line: string }
  /** Start the TLS handshake now; bytes still buffered from the server must not reach TLS. */
  | { kind: 'start-tls' }
  /** Wait: nothing to send (after TLS in 'tls' mode, the server speaks first). */
  | { kind: 'wait' }
  /** The dialogue is over: close the connection. */
  | { kind: 'close' };

export interface DialogueOptions {
  mode: ProbeMode;
  /** The name sent with EHLO: a domain or an address literal such as "[192.0.2.1]". */
  ehloName: string;
}

export class SmtpDialogue {
  /** What the client is waiting for; the socket layer times each phase. */
  phase: ProbePhase = 'connect';
  /** The first problem that ended the dialogue; null while all goes well. */
  error: ProbeError | null = null;
  /** True once nothing more is expected from the server. */
  done = false;
  /** EHLO extensions before TLS (starttls) or inside it (tls). */
  extensions: EhloExtension[] = [];
  /** EHLO extensions after STARTTLS. */
  extensionsAfterTls: EhloExtension[] = [];
  /** AUTH in the EHLO reply before STARTTLS; null when there was none (TLS from the first byte, or not reached). */
  authBeforeTls: AuthOffer | null = null;
  /** AUTH in the EHLO reply inside TLS; null when not reached. */
  authAfterTls: AuthOffer | null = null;
  tlsUp = false;

  constructor(private readonly options: DialogueOptions) {}

  /** The TCP connection is up. */
  connected(): DialogueStep {
    if (this.options.mode === 'tls') {
      this.phase = 'handshake';
      return { kind: 'start-tls' };
    }
    this.phase = 'greeting';
    return { kind: 'wait' };
  }

  /** The handshake completed. */
  tlsEstablished(): DialogueStep {
    this.tlsUp = true;
    if (this.options.mode === 'tls') {
      this.phase = 'greeting';
      return { kind: 'wait' };
    }
    return this.send('ehlo-tls', `EHLO ${this.options.ehloName}`);
  }

  /** One complete reply for the current phase. */
  reply(r: SmtpReply): DialogueStep {
    if (this.done) return { kind: 'close' };
    const ok = Math.floor(r.code / 100) === 2;
    const first = r.lines[0] ?? String(r.code);
    switch (this.phase) {
      case 'greeting':
        if (!ok) return this.refuse({ kind: 'refused', phase: 'greeting', reply: r.code, first });
        return this.send('ehlo', `EHLO ${this.options.ehloName}`);
      case 'ehlo':
        if (!ok) return this.refuse({ kind: 'refused', phase: 'ehlo', reply: r.code, first });
        this.extensions = parseEhlo(r.texts);
        if (this.options.mode === 'tls') {
          this.authAfterTls = parseAuth(r.texts);
          return this.send('quit', 'QUIT');
        }
        this.authBeforeTls = parseAuth(r.texts);
        if (!offers(this.extensions, 'STARTTLS')) return this.refuse({ kind: 'no-starttls', phase: 'ehlo' });
        return this.send('starttls', 'STARTTLS');
      case 'starttls':
        if (!ok) return this.refuse({ kind: 'refused', phase: 'starttls', reply: r.code, first });
        this.phase = 'handshake';
        return { kind: 'start-tls' };
      case 'ehlo-tls':
        if (!ok) return this.refuse({ kind: 'refused', phase: 'ehlo-tls', reply: r.code, first });
        this.extensionsAfterTls = parseEhlo(r.texts);
        this.authAfterTls = parseAuth(r.texts);
        return this.send('quit', 'QUIT');
      case 'quit':
        this.done = true;
        return { kind: 'close' };
      default:
        // A reply while connecting or in the handshake cannot happen: the socket layer does not read then.
        return { kind: 'close' };
    }
  }

  /** The server closed the connection (or reset it). */
  closed(): void {
    if (this.done) return;
    this.done = true;
    if (!this.error && this.phase !== 'quit') this.error = stopError({ kind: 'closed', phase: this.phase });
  }

  /** The socket layer stopped the dialogue (timeout, cancellation, TLS failure, framing): keep the
   * first error. During the QUIT that follows a known result nothing is an error any more. */
  fail(error: ProbeError): void {
    this.done = true;
    if (!this.error && this.phase !== 'quit') this.error = error;
  }

  /** True when what was stopped was only the polite QUIT after a result was known. */
  get inEpilogue(): boolean {
    return this.phase === 'quit';
  }

  private send(phase: ProbePhase, line: string): DialogueStep {
    this.phase = phase;
    return { kind: 'send', line };
  }

  /** The server said no: what it said is evidence for the probe rules (rules/probe/). */
  private refuse(evidence: StopEvidence): DialogueStep {
    this.error = stopError(evidence);
    return this.send('quit', 'QUIT');
  }
}
