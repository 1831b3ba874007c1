// The probe's phases in words, for the messages and the advice.

import type { ProbePhase } from './types.js';

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
