// reply-too-long: the server sent more than the probe reads for one reply.
// Judged where its evidence is read (core/probe/reply-reader.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const replyTooLongRule: DeclaredRule = {
  code: 'reply-too-long',
  severity: 'error',
  why: 'SMTP limits a reply line to 512 bytes; a server that sends more is not speaking SMTP on that port, or is broken.',
  evidence: 'probe',
  madeBy: 'core/probe/reply-reader.ts',
};
