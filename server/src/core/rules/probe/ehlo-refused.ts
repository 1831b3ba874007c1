// ehlo-refused: the server refused EHLO, before or after STARTTLS.

import type { ProbeRule } from '../rule';

export const ehloRefusedRule: ProbeRule = {
  code: 'ehlo-refused',
  severity: 'error',
  why: 'Without a successful EHLO a client learns neither STARTTLS nor AUTH, so it cannot encrypt or log in.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'refused') return [];
    if (e.phase === 'ehlo') return [{ code: 'ehlo-refused', severity: 'error', message: `The server answered EHLO with "${e.first}".` }];
    if (e.phase === 'ehlo-tls') return [{ code: 'ehlo-refused', severity: 'error', message: `After STARTTLS the server answered EHLO with "${e.first}".` }];
    return [];
  },
};
