// greeting-refused: the server answered the connection with an error instead of a 220 greeting.

import type { ProbeRule } from '../rule';

export const greetingRefusedRule: ProbeRule = {
  code: 'greeting-refused',
  severity: 'error',
  why: 'A client refused at the greeting cannot do anything else, STARTTLS included.',
  evidence: 'probe',
  check: (e) =>
    e.kind === 'refused' && e.phase === 'greeting'
      ? [{ code: 'greeting-refused', severity: 'error', message: `The server refused the session with "${e.first}" instead of a 220 greeting${greetingHint(e.reply)}.` }]
      : [],
};

function greetingHint(code: number): string {
  if (code === 421) return ' (421: the service is not available now: too busy, shutting down, or refusing this client address)';
  if (code === 554) return ' (554: no SMTP service for this client, often a block list or postscreen)';
  return '';
}
