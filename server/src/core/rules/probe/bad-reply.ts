// bad-reply: the server's reply is not an SMTP reply.
// Judged where its evidence is read (core/probe/reply-reader.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const badReplyRule: DeclaredRule = {
  code: 'bad-reply',
  severity: 'error',
  why: 'Whatever listens on that port is not an SMTP server speaking SMTP, and no mail client can use it.',
  evidence: 'probe',
  madeBy: 'core/probe/reply-reader.ts',
};
