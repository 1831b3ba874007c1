// connection-closed: the server closed the connection in the middle of the dialogue.

import { phaseWords } from '../../probe/phases';
import type { ProbeRule } from '../rule';

export const connectionClosedRule: ProbeRule = {
  code: 'connection-closed',
  severity: 'error',
  why: 'A client is cut off the same way; with Postfix this often means smtpd died of a configuration error.',
  evidence: 'probe',
  check: (e) => (e.kind === 'closed' ? [{ code: 'connection-closed', severity: 'error', message: `The server closed the connection while the client was ${phaseWords(e.phase)}.` }] : []),
};
