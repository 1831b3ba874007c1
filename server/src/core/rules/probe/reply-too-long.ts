// reply-too-long: the server sent more than the probe reads for one reply.

import { phaseWords } from '../../probe/phases';
import { notSmtp } from './not-smtp';
import type { ProbeRule } from '../rule';

export const replyTooLongRule: ProbeRule = {
  code: 'reply-too-long',
  severity: 'error',
  why: 'SMTP limits a reply line to 512 bytes; a server that sends more is not speaking SMTP on that port, or is broken.',
  evidence: 'probe',
  check(e) {
    if (e.kind === 'too-much-data') return [{ code: 'reply-too-long', severity: 'error', message: `The server sent more than ${e.limit} bytes while ${phaseWords(e.phase)}; the probe stopped reading.` }];
    if (e.kind === 'framing' && e.framing.code === 'reply-too-long') return [{ code: 'reply-too-long', severity: 'error', message: notSmtp(e.phase, e.framing.message) }];
    return [];
  },
};
