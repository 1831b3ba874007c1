// greeting-refused: the server answered the connection with an error instead of a 220 greeting.
// Judged where its evidence is read (core/probe/dialogue.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const greetingRefusedRule: DeclaredRule = {
  code: 'greeting-refused',
  severity: 'error',
  why: 'A client refused at the greeting cannot do anything else, STARTTLS included.',
  evidence: 'probe',
  madeBy: 'core/probe/dialogue.ts',
};
