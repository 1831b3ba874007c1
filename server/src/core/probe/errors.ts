// Every way a probe can stop early, worded once. The socket layer (io/probe) and the dialogue both
// build their ProbeErrors here, so a mail admin reads the same words whichever layer noticed.

import type { ProbeError, ProbePhase } from './types.js';

const PHASE_WORDS: Record<ProbePhase, string> = {
  dns: 'looking up the host name',
  connect: 'connecting',
  greeting: 'waiting for the greeting (220)',
  ehlo: 'waiting for the reply to EHLO',
  starttls: 'waiting for the reply to STARTTLS',
  handshake: 'in the TLS handshake',
  'ehlo-tls': 'waiting for the reply to EHLO after STARTTLS',
  quit: 'waiting for the reply to QUIT',
};

export function phaseWords(phase: ProbePhase): string {
  return PHASE_WORDS[phase];
}

/** `sysCode` is Node's error code (ENOTFOUND, ECONNREFUSED…); `detail` its message. */
export function connectionFailed(phase: 'dns' | 'connect', target: string, sysCode: string | undefined, detail: string): ProbeError {
  if (phase === 'dns') {
    const why = sysCode === 'ENOTFOUND' || sysCode === 'ENODATA' ? 'the name does not exist in DNS (or has no address)' : `the lookup failed (${sysCode ?? detail})`;
    return { phase, code: 'connection-failed', message: `Could not look up ${target}: ${why}.` };
  }
  const why =
    sysCode === 'ECONNREFUSED'
      ? 'the connection was refused: nothing listens on that port (is Postfix running, and is the service in master.cf?)'
      : sysCode === 'EHOSTUNREACH' || sysCode === 'ENETUNREACH'
        ? 'the host cannot be reached from here'
        : sysCode === 'ECONNRESET'
          ? 'the connection was reset'
          : `${sysCode ?? 'error'}: ${detail}`;
  return { phase, code: 'connection-failed', message: `Could not connect to ${target}: ${why}.` };
}

export function timedOut(phase: ProbePhase, ms: number, total: boolean, hint = ''): ProbeError {
  const what = total ? `The probe ran out of its total time (${ms} ms)` : `No answer within ${ms} ms`;
  return { phase, code: 'timeout', message: `${what} while ${phaseWords(phase)}.${hint ? ` ${hint}` : ''}` };
}

export function cancelled(phase: ProbePhase): ProbeError {
  return { phase, code: 'cancelled', message: `The probe was cancelled while ${phaseWords(phase)}.` };
}

export function connectionClosed(phase: ProbePhase): ProbeError {
  return { phase, code: 'connection-closed', message: `The server closed the connection while the client was ${phaseWords(phase)}.` };
}

/** Too many bytes in all (the per-line and per-reply limits are the reply reader's). */
export function tooMuchData(phase: ProbePhase, limit: number): ProbeError {
  return { phase, code: 'reply-too-long', message: `The server sent more than ${limit} bytes while ${phaseWords(phase)}; the probe stopped reading.` };
}

export function badFraming(phase: ProbePhase, code: 'reply-too-long' | 'bad-reply', detail: string): ProbeError {
  return { phase, code, message: `The server sent ${detail} while the client was ${phaseWords(phase)}; this is not an SMTP server speaking plain SMTP on this port, or it is broken.` };
}

/**
 * `sysCode` is the TLS library's error code (ERR_SSL_WRONG_VERSION_NUMBER…), `detail` its message,
 * `firstBytes` the first bytes the server sent in this phase (to recognise plain text on a TLS port).
 */
export function handshakeFailed(sysCode: string | undefined, detail: string, firstBytes: Uint8Array | null): ProbeError {
  const plain = firstBytes !== null && firstBytes.length >= 4 && /^[2-5]\d\d[ -]/.test(Buffer.from(firstBytes.subarray(0, 4)).toString('latin1'));
  let why: string;
  if (plain) why = 'the server answered in plain text (an SMTP greeting), not TLS: this port speaks SMTP with STARTTLS, not TLS from the first byte';
  else if (sysCode === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(detail)) why = 'the server closed the connection in the middle of the handshake (look in its mail log for the reason)';
  else if (/wrong version number|unsupported protocol|no protocols available|version too low/i.test(detail)) why = `no TLS version in common (${short(detail)}): the server probably offers only TLS 1.0/1.1; strict clients require TLS 1.2 or later`;
  else if (/handshake failure|no shared cipher/i.test(detail)) why = `no cipher or signature algorithm in common (${short(detail)})`;
  else why = short(detail) || sysCode || 'unknown error';
  return { phase: 'handshake', code: 'tls-handshake-failed', message: `The TLS handshake failed: ${why}.` };
}

function short(s: string): string {
  // OpenSSL messages look like "C0B7…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number".
  const m = /error:[0-9A-F]+:[^:]*:[^:]*:(.+)$/.exec(s.split('\n')[0] ?? '');
  return (m ? m[1]! : (s.split('\n')[0] ?? '')).slice(0, 160).trim();
}
