// bad-reply: the server's reply is not an SMTP reply.

import { notSmtp } from './not-smtp';
import type { ProbeRule } from '../rule';

export const badReplyRule: ProbeRule = {
  code: 'bad-reply',
  severity: 'error',
  why: 'Whatever listens on that port is not an SMTP server speaking SMTP, and no mail client can use it.',
  evidence: 'probe',
  check: (e) => (e.kind === 'framing' && e.framing.code === 'bad-reply' ? [{ code: 'bad-reply', severity: 'error', message: notSmtp(e.phase, e.framing.message) }] : []),
};
