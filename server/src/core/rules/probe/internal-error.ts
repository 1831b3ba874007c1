// internal-error: the probe failed inside postfix-lens (a bug).
// Judged where its evidence is read (io/probe/session.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const internalErrorRule: DeclaredRule = {
  code: 'internal-error',
  severity: 'error',
  why: 'The server was not judged: nothing is known about it from this run.',
  evidence: 'probe',
  madeBy: 'io/probe/session.ts',
};
