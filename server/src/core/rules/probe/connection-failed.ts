// connection-failed: the probe could not look the server up or connect to it.
// Judged where its evidence is read (core/probe/errors.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const connectionFailedRule: DeclaredRule = {
  code: 'connection-failed',
  severity: 'error',
  why: 'Nothing can be judged until the server answers, and a client meets the same failure.',
  evidence: 'probe',
  madeBy: 'core/probe/errors.ts',
};
