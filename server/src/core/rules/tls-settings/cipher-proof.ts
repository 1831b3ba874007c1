// What a service's cipher settings prove, without asking OpenSSL (the hover shows what the installed
// OpenSSL yields). Postfix 3.7 needs OpenSSL 1.1.1 or later, whose default security level (1)
// refuses anonymous suites, suites without encryption, MD5 and export suites, and whose builds have
// no export, low-grade or (by default) RC4 suites. So the settings alone prove:
// - grade null: every TLS 1.2-and-older suite it allows has no encryption;
// - a cipherlist that adds anonymous suites and lowers the security level to 0 (@SECLEVEL=0) with
//   aNULL not excluded: anonymous suites are accepted;
// - a cipherlist that names a weak class (RC4, DES, 3DES; NULL, MD5, EXPORT, LOW with @SECLEVEL=0)
//   and does not remove it again: it asks OpenSSL for those suites;
// - a cipherlist of RSA key transport only: no forward secrecy before TLS 1.3.
// A grade of export or low with the stock cipherlists is not proof: OpenSSL has no such suites.

import { cipherListFacts } from '../../tls/cipher-list';
import type { SmtpdTlsSettings } from '../../tls/smtpd-tls';

const OPENSSL_SEP = /[:, ;]+/;

/** Classes of anonymous suites, and the broader aliases that include them. */
const ADDS_ANON = new Set(['anull', 'adh', 'aecdh', 'all', 'high', 'medium', 'low', 'export', 'exp', 'complementofall']);
const ANON_CLASS = new Set(['anull', 'adh', 'aecdh']);
/** Weak classes by name; those the default security level refuses need @SECLEVEL=0. */
const WEAK_ANY_LEVEL = new Set(['rc4', 'des', '3des']);
const WEAK_LEVEL0 = new Set(['enull', 'null', 'md5', 'export', 'exp', 'low']);

const lower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/** Follows a cipher string in order for the classes in `adds`/`removes`: true when they end up in the list. */
function endsIn(list: string, adds: (t: string) => boolean, cls: (t: string) => boolean): string | null {
  let on: string | null = null;
  let banned = false;
  for (const tok of list.split(OPENSSL_SEP)) {
    if (tok === '' || tok[0] === '@' || tok[0] === '+') continue;
    const sign = tok[0] === '!' || tok[0] === '-' ? tok[0] : '';
    const body = lower(sign ? tok.slice(1) : tok);
    // "kRSA+RC4" adds what is in every part: it belongs to a class when one part names it.
    const parts = body.split('+');
    if (sign) {
      if (parts.length === 1 && cls(body)) {
        on = null;
        if (sign === '!') banned = true;
      }
      continue;
    }
    if (!banned && (parts.some(cls) || (parts.length === 1 && adds(body)))) on = tok;
  }
  return on;
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
    const named = endsIn(list, () => false, (t) => WEAK_ANY_LEVEL.has(t) || (facts.securityLevel0 && WEAK_LEVEL0.has(t)));
    if (named) weak = `${s.cipherlistParam} (grade ${s.grade}) asks OpenSSL for ${named.replace(/[^A-Za-z0-9+]/g, '')} suites${facts.securityLevel0 ? ' and lowers its security level to 0' : ''}`;
  }
  const anonymous = facts.securityLevel0 && !facts.anonymousRemoved && endsIn(list, (t) => ADDS_ANON.has(t), (t) => ANON_CLASS.has(t)) !== null;
  return { weak, anonymous, noForwardSecrecy: facts.onlyRsaKeyTransport };
}
