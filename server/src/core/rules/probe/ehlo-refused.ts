// ehlo-refused: the server refused EHLO, before or after STARTTLS.
// Judged where its evidence is read (core/probe/dialogue.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const ehloRefusedRule: DeclaredRule = {
  code: 'ehlo-refused',
  severity: 'error',
  why: 'Without a successful EHLO a client learns neither STARTTLS nor AUTH, so it cannot encrypt or log in.',
  evidence: 'probe',
  madeBy: 'core/probe/dialogue.ts',
};
