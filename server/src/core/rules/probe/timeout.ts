// timeout: the server did not answer in time.
// Judged where its evidence is read (core/probe/errors.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const timeoutRule: DeclaredRule = {
  code: 'timeout',
  severity: 'error',
  why: 'A client gives up in the same way; usually a firewall that drops packets or the wrong mode for the port.',
  evidence: 'probe',
  madeBy: 'core/probe/errors.ts',
};
