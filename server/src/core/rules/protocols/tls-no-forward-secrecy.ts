// tls-no-forward-secrecy (live): the server accepted a suite without forward secrecy (RSA key
// transport). A warning when a client offering forward-secret suites still gets one without (the
// server's first choice for a version lacks it); information when such suites are only a fallback
// for clients that offer nothing better.

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
    const preferred: string[] = [];
    for (const a of e.accepted) {
      const judged = a.ciphers.map(judgeCipherSuite);
      for (const j of judged) if (!j.forwardSecret && !j.psk) without.add(j.name);
      const first = judged[0];
      if (first && !first.forwardSecret && !first.psk) preferred.push(`${VERSION_WORDS[a.version]}: ${first.name}`);
    }
    if (without.size === 0) return [];
    const list = listSome([...without], 8);
    if (preferred.length) {
      return [{ code: TLS_NO_FORWARD_SECRECY.code, severity: 'warning', message: `The server picks a suite without forward secrecy even for a client that offers better (${preferred.join('; ')}); it accepts ${without.size} such suite${without.size === 1 ? '' : 's'}: ${list}. Put ECDHE suites first (tls_preempt_cipherlist = yes with a cipher list that prefers them).` }];
    }
    return [{ code: TLS_NO_FORWARD_SECRECY.code, severity: 'information', message: `The server also accepts ${without.size} suite${without.size === 1 ? '' : 's'} without forward secrecy (${list}), but picks a forward-secret one for every client that offers it: only clients that offer nothing better get them.` }];
  },
};
