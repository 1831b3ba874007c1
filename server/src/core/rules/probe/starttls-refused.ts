// starttls-refused: the server offers STARTTLS but refuses it.

import type { ProbeRule } from '../rule';

export const starttlsRefusedRule: ProbeRule = {
  code: 'starttls-refused',
  severity: 'error',
  why: 'A refused STARTTLS means Postfix could not load its certificate or key and disabled TLS, so no client can encrypt.',
  evidence: 'probe',
  check: (e) =>
    e.kind === 'refused' && e.phase === 'starttls' ? [{ code: 'starttls-refused', severity: 'error', message: `The server offers STARTTLS but answered it with "${e.first}".` }] : [],
};
