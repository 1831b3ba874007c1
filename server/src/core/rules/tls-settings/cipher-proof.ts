// What a service's cipher settings prove, without asking OpenSSL (the hover shows what the installed
// OpenSSL yields). Postfix 3.7 needs OpenSSL 1.1.1 or later, whose default security level (1)
// refuses anonymous suites, suites without encryption, MD5 and export suites, and whose builds have
// no export, low-grade or (by default) RC4 suites. So the settings alone prove:
// - grade null: every TLS 1.2-and-older suite it allows has no encryption;
// - a cipherlist that adds anonymous suites and lowers the security level to 0 (@SECLEVEL=0) with
//   aNULL not excluded: anonymous suites are accepted;
// - a cipherlist that names a weak class (RC4, DES, 3DES; NULL, MD5, EXPORT, LOW with @SECLEVEL=0),
//   or a weak suite by name (DES-CBC3-SHA), and does not remove it again: it asks OpenSSL for them;
// - a cipherlist of RSA key transport only: no forward secrecy before TLS 1.3.
// A grade of export or low with the stock cipherlists is not proof: OpenSSL has no such suites.

import { cipherListFacts } from '../../tls/cipher-list';
import type { SmtpdTlsSettings } from '../../tls/smtpd-tls';
import { judgeCipherSuite } from '../../tls/cipher-suites';

const OPENSSL_SEP = /[:, ;]+/;

/** Classes of anonymous suites, and the broader aliases that include them. */
const ADDS_ANON = new Set(['anull', 'adh', 'aecdh', 'all', 'high', 'medium', 'low', 'export', 'exp', 'complementofall']);
const ANON_CLASS = new Set(['anull', 'adh', 'aecdh']);
/** Weak classes by name; those the default security level refuses need @SECLEVEL=0. */
const WEAK_ANY_LEVEL = new Set(['rc4', 'des', '3des']);
const WEAK_LEVEL0 = new Set(['enull', 'null', 'md5', 'export', 'exp', 'low']);

const lower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/**
 * Follows a cipher string in order for the classes `keysOf` gives a token ("RC4" -> rc4,
 * "DES-CBC3-SHA" -> 3des): "-x" takes a class out (a later token may add it back), "!x" for good.
 * The token that last added a class still in the list, or null.
 */
function endsIn(list: string, keysOf: (t: string, positive: boolean) => readonly string[]): string | null {
  const on = new Map<string, string>();
  const banned = new Set<string>();
  for (const tok of list.split(OPENSSL_SEP)) {
    if (tok === '' || tok[0] === '@' || tok[0] === '+') continue;
    const sign = tok[0] === '!' || tok[0] === '-' ? tok[0] : '';
    const body = lower(sign ? tok.slice(1) : tok);
    // "kRSA+RC4" adds what is in every part: it belongs to a class when one part names it.
    const keys = body.split('+').flatMap((p) => keysOf(p, !sign));
    for (const k of keys) {
      if (sign) {
        on.delete(k);
        if (sign === '!') banned.add(k);
      } else if (!banned.has(k)) on.set(k, tok);
    }
  }
  return on.size > 0 ? on.values().next().value! : null;
}

export interface CipherProof {
  /** Why weak suites are proven, for a message (plain text); null when they are not. */
  weak: string | null;
  /** Anonymous suites are accepted. */
  anonymous: boolean;
  /** RSA key transport only. */
  noForwardSecrecy: boolean;
}

export function proveCiphers(s: SmtpdTlsSettings): CipherProof {
  if (!s.cipherList?.ok) return { weak: null, anonymous: false, noForwardSecrecy: false };
  const list = s.cipherList.list;
  const facts = cipherListFacts(list);
  let weak: string | null = null;
  if (s.grade === 'null') weak = `${s.gradeParam} = null allows only suites without encryption (NULL) before TLS 1.3`;
  else {
    // A class by name ("RC4"), or a suite by name ("DES-CBC3-SHA") that cipher-suites.ts judges weak.
    const keysOf = (t: string): string[] => {
      if (WEAK_ANY_LEVEL.has(t)) return [t];
      if (WEAK_LEVEL0.has(t)) return facts.securityLevel0 ? [t === 'enull' ? 'null' : t === 'exp' ? 'export' : t] : [];
      if (!t.includes('-')) return [];
      const w = judgeCipherSuite(t).weak;
      return facts.securityLevel0 ? w : w.filter((x) => x === 'rc4' || x === 'des' || x === '3des');
    };
    const named = endsIn(list, keysOf);
    if (named) weak = `${s.cipherlistParam} (grade ${s.grade}) asks OpenSSL for ${named.replace(/[^A-Za-z0-9+-]/g, '').slice(0, 60)}${named.includes('-') ? '' : ' suites'}${facts.securityLevel0 ? ' and lowers its security level to 0' : ''}`;
  }
  const anonymous = facts.securityLevel0 && !facts.anonymousRemoved && endsIn(list, (t, positive) => (ANON_CLASS.has(t) || (positive && ADDS_ANON.has(t)) ? ['anon'] : [])) !== null;
  return { weak, anonymous, noForwardSecrecy: facts.onlyRsaKeyTransport };
}
