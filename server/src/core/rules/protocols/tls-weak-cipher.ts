// tls-weak-cipher (live): the server accepted a weak suite (NULL, EXPORT, RC4, DES, 3DES, MD5) on
// any port, or an anonymous one (information on an MX port, where Postfix enables them on purpose).

import { listSome } from '../../tls/findings';
import { judgeCipherSuite, weaknessWords } from '../../tls/cipher-suites';
import type { ProtocolsRule } from '../rule';
import { TLS_WEAK_CIPHER } from '../tls-codes';
import type { ProtocolsJudgement } from './evidence';

export const tlsWeakCipherProtocolsRule: ProtocolsRule = {
  ...TLS_WEAK_CIPHER,
  evidence: 'protocols',
  check(e) {
    const weak = new Map<string, string>();
    const anonymous = new Set<string>();
    for (const a of e.accepted) {
      for (const name of a.ciphers) {
        const j = judgeCipherSuite(name);
        if (j.weak.length) weak.set(name, `${name} (${weaknessWords(j.weak)})`);
        else if (j.anonymous) anonymous.add(name);
      }
    }
    const out: ProtocolsJudgement[] = [];
    if (weak.size) out.push({ code: TLS_WEAK_CIPHER.code, severity: 'warning', message: `The server accepts ${weak.size} weak cipher suite${weak.size === 1 ? '' : 's'}: ${listSome([...weak.values()], 8)}. Exclude them (smtpd_tls_exclude_ciphers, or a stronger smtpd_tls_ciphers grade).` });
    if (anonymous.size) {
      const list = listSome([...anonymous], 8);
      out.push(
        e.role === 'submission'
          ? { code: TLS_WEAK_CIPHER.code, severity: 'warning', message: `This submission port accepts anonymous cipher suites (no server certificate, so a man in the middle can read the passwords): ${list}. Add aNULL to smtpd_tls_exclude_ciphers on this service.` }
          : { code: TLS_WEAK_CIPHER.code, severity: 'information', message: `This MX port accepts anonymous cipher suites: ${list}. Postfix offers them on port 25 on purpose (opportunistic TLS does not authenticate the server anyway), so this is for information.` },
      );
    }
    return out;
  },
};
