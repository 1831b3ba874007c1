// cancelled: the probe was cancelled before it finished.
// Judged where its evidence is read (core/probe/errors.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const cancelledRule: DeclaredRule = {
  code: 'cancelled',
  severity: 'error',
  why: 'Nothing was judged; the report shows how far the dialogue got.',
  evidence: 'probe',
  madeBy: 'core/probe/errors.ts',
};
