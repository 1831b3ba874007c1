// internal-error: the probe failed inside postfix-lens (a bug).

import type { ProbeRule } from '../rule';

export const internalErrorRule: ProbeRule = {
  code: 'internal-error',
  severity: 'error',
  why: 'The server was not judged: nothing is known about it from this run.',
  evidence: 'probe',
  check: (e) =>
    e.kind === 'internal-failure'
      ? [{ code: 'internal-error', severity: 'error', message: `postfix-lens failed${e.inSession ? ` while ${e.phase}` : ''} (${e.detail}); this is a bug.` }]
      : [],
};
