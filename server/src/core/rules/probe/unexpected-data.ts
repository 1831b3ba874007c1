// unexpected-data: the server sent data before it could have read the client's next command.
// Judged where its evidence is read (core/probe/verdict.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const unexpectedDataRule: DeclaredRule = {
  code: 'unexpected-data',
  severity: 'warning',
  why: 'SMTP servers must wait for each command; one that talks out of turn is usually a proxy or a broken server, and strict clients may misread the dialogue.',
  evidence: 'probe',
  madeBy: 'core/probe/verdict.ts',
};
