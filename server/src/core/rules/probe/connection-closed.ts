// connection-closed: the server closed the connection in the middle of the dialogue.
// Judged where its evidence is read (core/probe/errors.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const connectionClosedRule: DeclaredRule = {
  code: 'connection-closed',
  severity: 'error',
  why: 'A client is cut off the same way; with Postfix this often means smtpd died of a configuration error.',
  evidence: 'probe',
  madeBy: 'core/probe/errors.ts',
};
