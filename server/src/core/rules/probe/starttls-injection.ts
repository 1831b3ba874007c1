// starttls-injection: the server sent bytes after its 220 reply to STARTTLS, before the TLS handshake.
// Judged where its evidence is read (core/probe/verdict.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const starttlsInjectionRule: DeclaredRule = {
  code: 'starttls-injection',
  severity: 'warning',
  why: 'A careless client would read bytes sent before the TLS handshake as if they came inside TLS, which is how STARTTLS injection attacks work.',
  evidence: 'probe',
  madeBy: 'core/probe/verdict.ts',
};
