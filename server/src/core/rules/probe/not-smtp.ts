// The words of reply-too-long and bad-reply for a reply the reader could not frame.

import { phaseWords } from '../../probe/phases';
import type { ProbePhase } from '../../probe/types';

/** `detail` says what the server sent ("a reply line of 5000 bytes…"). */
export function notSmtp(phase: ProbePhase, detail: string): string {
  return `The server sent ${detail} while the client was ${phaseWords(phase)}; this is not an SMTP server speaking plain SMTP on this port, or it is broken.`;
}
