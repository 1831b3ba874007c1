// tls-no-forward-secrecy (live): the server accepted a suite without forward secrecy (RSA key
// transport). A warning when a current client still gets one: the server's first choice at the
// highest version it accepts (the version such a client negotiates) lacks it. Information when such
// suites are only a fallback, for clients that offer nothing better or only an older version.

import { listSome } from '../../tls/findings';
import { judgeCipherSuite } from '../../tls/cipher-suites';
import type { ProtocolsRule } from '../rule';
import { TLS_NO_FORWARD_SECRECY } from '../tls-codes';
import { VERSION_WORDS } from './evidence';

export const tlsNoForwardSecrecyProtocolsRule: ProtocolsRule = {
  ...TLS_NO_FORWARD_SECRECY,
  evidence: 'protocols',
  check(e) {
    const without = new Set<string>();
    for (const a of e.accepted) for (const j of a.ciphers.map(judgeCipherSuite)) if (!j.forwardSecret && !j.psk) without.add(j.name);
    if (without.size === 0) return [];
    const list = listSome([...without], 8);
    const highest = e.accepted.at(-1); // the versions come in order, oldest first
    const first = highest?.ciphers[0];
    if (highest && first !== undefined && !judgeCipherSuite(first).forwardSecret && !judgeCipherSuite(first).psk) {
      return [{ code: TLS_NO_FORWARD_SECRECY.code, severity: 'warning', message: `The server picks ${first}, without forward secrecy, with ${VERSION_WORDS[highest.version]} even for a client that offers better; it accepts ${without.size} such suite${without.size === 1 ? '' : 's'}: ${list}. Put ECDHE suites first (tls_preempt_cipherlist = yes with a cipher list that prefers them).` }];
    }
    return [{ code: TLS_NO_FORWARD_SECRECY.code, severity: 'information', message: `The server also accepts ${without.size} suite${without.size === 1 ? '' : 's'} without forward secrecy (${list}), but picks a forward-secret one for every client that offers it: only clients that offer nothing better get them.` }];
  },
};
