// timeout: the server did not answer in time.

import { phaseWords } from '../../probe/phases';
import type { ProbeRule } from '../rule';
import type { ProbeEvidence } from './evidence';

export const timeoutRule: ProbeRule = {
  code: 'timeout',
  severity: 'error',
  why: 'A client gives up in the same way; usually a firewall that drops packets or the wrong mode for the port.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'timed-out') return [];
    const what = e.total ? `The probe ran out of its total time (${e.ms} ms)` : `No answer within ${e.ms} ms`;
    const hint = hintOf(e);
    return [{ code: 'timeout', severity: 'error', message: `${what} while ${phaseWords(e.phase)}.${hint ? ` ${hint}` : ''}` }];
  },
};

/** A server silent on a port of the other mode, or dripping its greeting; '' otherwise. */
function hintOf(e: Extract<ProbeEvidence, { kind: 'timed-out' }>): string {
  if (e.phase === 'greeting' && !e.tlsUp) {
    if (e.phaseBytes > 0) return `The server sent only ${e.phaseBytes} byte${e.phaseBytes === 1 ? '' : 's'} of it in that time (a tarpit, or a very slow link).`;
    if (e.mode === 'starttls') return 'It sent nothing at all: if this port expects TLS from the first byte (like 465), probe it with --tls.';
  }
  if (e.phase === 'handshake' && e.mode === 'tls' && e.bytesIn === 0) return 'The server sent nothing in reply to the TLS hello: if this port speaks plain SMTP first (like 25 or 587), probe it with --starttls.';
  return '';
}
