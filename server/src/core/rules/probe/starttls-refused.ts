// starttls-refused: the server offers STARTTLS but refuses it.
// Judged where its evidence is read (core/probe/dialogue.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const starttlsRefusedRule: DeclaredRule = {
  code: 'starttls-refused',
  severity: 'error',
  why: 'A refused STARTTLS means Postfix could not load its certificate or key and disabled TLS, so no client can encrypt.',
  evidence: 'probe',
  madeBy: 'core/probe/dialogue.ts',
};
