// connection-failed: the probe could not look the server up or connect to it.

import type { ProbeRule } from '../rule';

export const connectionFailedRule: ProbeRule = {
  code: 'connection-failed',
  severity: 'error',
  why: 'Nothing can be judged until the server answers, and a client meets the same failure.',
  evidence: 'probe',
  check(e) {
    const at = { code: 'connection-failed', severity: 'error' as const };
    if (e.kind === 'invalid-target') return [{ ...at, message: e.host === '' ? 'No host was given.' : `${e.port} is not a TCP port (1 to 65535).` }];
    if (e.kind !== 'no-connection') return [];
    const { sysCode, detail, target } = e;
    if (e.phase === 'dns') {
      const why = sysCode === 'ENOTFOUND' || sysCode === 'ENODATA' ? 'the name does not exist in DNS (or has no address)' : `the lookup failed (${sysCode ?? detail})`;
      return [{ ...at, message: `Could not look up ${target}: ${why}.` }];
    }
    const why =
      sysCode === 'ECONNREFUSED'
        ? 'the connection was refused: nothing listens on that port (is Postfix running, and is the service in master.cf?)'
        : sysCode === 'EHOSTUNREACH' || sysCode === 'ENETUNREACH'
          ? 'the host cannot be reached from here'
          : sysCode === 'ECONNRESET'
            ? 'the connection was reset'
            : `${sysCode ?? 'error'}: ${detail}`;
    return [{ ...at, message: `Could not connect to ${target}: ${why}.` }];
  },
};
