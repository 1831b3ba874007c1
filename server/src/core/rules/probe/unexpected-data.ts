// unexpected-data: the server sent data before it could have read the client's next command.

import type { ProbeRule } from '../rule';

export const unexpectedDataRule: ProbeRule = {
  code: 'unexpected-data',
  severity: 'warning',
  why: 'SMTP servers must wait for each command; one that talks out of turn is usually a proxy or a broken server, and strict clients may misread the dialogue.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'unsolicited') return [];
    const u = e.data;
    return [
      {
        code: 'unexpected-data',
        severity: 'warning',
        message: `The server sent ${u.bytes} byte${u.bytes === 1 ? '' : 's'} ("${u.preview}") before it could have read the client's next command (${u.phase}). SMTP servers must wait for each command; a proxy or a broken server is talking out of turn.`,
      },
    ];
  },
};
