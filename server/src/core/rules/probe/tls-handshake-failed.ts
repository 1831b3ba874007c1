// tls-handshake-failed: the TLS handshake failed.
// Judged where its evidence is read (core/probe/errors.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const tlsHandshakeFailedRule: DeclaredRule = {
  code: 'tls-handshake-failed',
  severity: 'error',
  why: 'No encrypted session, so nothing can be sent.',
  evidence: 'probe',
  madeBy: 'core/probe/errors.ts',
};
