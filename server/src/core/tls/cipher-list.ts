// The OpenSSL cipher list Postfix 3.7 hands to SSL_set_cipher_list(), built as tls_set_ciphers()
// in src/tls/tls_misc.c builds it: the grade's cipherlist parameter (tls_high_cipherlist, ...), then
// ":!name" for each exclusion. Also what such a list proves without asking OpenSSL, and the parse of
// `openssl ciphers -v` output (io/openssl-ciphers.ts runs it).

import { asciiLower } from './protocols';
import { judgeCipherSuite } from './cipher-suites';

export const GRADES = ['high', 'medium', 'low', 'export', 'null'] as const;
export type CipherGrade = (typeof GRADES)[number];

/** tls_cipher_grade(): the grade a value names (without regard to case), null when Postfix refuses it. */
export function cipherGrade(value: string): CipherGrade | null {
  const v = asciiLower(value);
  return (GRADES as readonly string[]).includes(v) ? (v as CipherGrade) : null;
}

/** The parameter whose value is the base list of a grade. */
export const gradeListParam = (g: CipherGrade): string => `tls_${g}_cipherlist`;

/** Postfix's separators for exclusions (CHARS_COMMA_SP ":"). */
const EXCLUSION_SEP = /[, \t\r\n:]+/;

export type BuiltCipherList = { ok: true; list: string } | { ok: false; why: string };

/**
 * The list for a base cipherlist and exclusion values (each a parameter's value). Postfix refuses an
 * exclusion that starts with ! + - or @, and an empty base list; the handshake then fails.
 */
export function buildCipherList(base: string, exclusions: readonly string[]): BuiltCipherList {
  if (base === '') return { ok: false, why: 'the grade\'s cipherlist is empty' };
  let list = base;
  for (const value of exclusions) {
    for (const tok of value.split(EXCLUSION_SEP)) {
      if (tok === '') continue;
      if ('!+-@'.includes(tok[0]!)) return { ok: false, why: `an exclusion starts with "${tok[0]}" (Postfix refuses "${tok.slice(0, 60)}")` };
      list += `:!${tok}`;
    }
  }
  return { ok: true, list };
}

/** OpenSSL's separators in a cipher string. */
const OPENSSL_SEP = /[:, ;]+/;

/** What a cipher string proves by itself, whatever OpenSSL build reads it. */
export interface CipherListFacts {
  /** "@SECLEVEL=0": OpenSSL's security level no longer refuses anonymous, NULL, MD5 or export suites. */
  securityLevel0: boolean;
  /** "!aNULL" (or "!ADH" with "!AECDH"): no anonymous suite can come back. */
  anonymousRemoved: boolean;
  /**
   * Every suite the list adds uses RSA key transport (kRSA, RSA, or names of such suites): TLS 1.2
   * and older have no forward secrecy. TLS 1.3 suites are set apart and keep it.
   */
  onlyRsaKeyTransport: boolean;
}

const RSA_KX = new Set(['krsa', 'rsa']);

export function cipherListFacts(list: string): CipherListFacts {
  let securityLevel0 = false;
  let aNull = false;
  let adh = false;
  let aecdh = false;
  let positives = 0;
  let rsaOnly = true;
  for (const tok of list.split(OPENSSL_SEP)) {
    if (tok === '') continue;
    if (/^@SECLEVEL=0$/i.test(tok)) securityLevel0 = true;
    if (tok === '!aNULL') aNull = true;
    if (tok === '!ADH') adh = true;
    if (tok === '!AECDH') aecdh = true;
    if ('!-+@'.includes(tok[0]!)) continue;
    positives++;
    // "kRSA+AESGCM" adds the suites that are all of these: kRSA among them keeps it RSA-only.
    const parts = tok.split('+');
    const rsa = parts.some((p) => RSA_KX.has(asciiLower(p))) || (parts.length === 1 && /-/.test(tok) && !judgeCipherSuite(tok).forwardSecret && !/^TLS_/i.test(tok));
    if (!rsa) rsaOnly = false;
  }
  return { securityLevel0, anonymousRemoved: aNull || (adh && aecdh), onlyRsaKeyTransport: positives > 0 && rsaOnly };
}

/** One line of `openssl ciphers -v`: "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD". */
export interface OpensslSuite {
  name: string;
  /** The oldest protocol the suite exists in, as OpenSSL names it ("SSLv3", "TLSv1.2", "TLSv1.3"). */
  protocol: string;
  kx: string;
  au: string;
  enc: string;
  mac: string;
}

const MAX_SUITES = 1000;

/** The suites of `openssl ciphers -v` output, in its order; lines of another shape are skipped. At most 1,000. */
export function parseOpensslCiphers(stdout: string): OpensslSuite[] {
  const out: OpensslSuite[] = [];
  for (const line of stdout.split('\n')) {
    if (out.length >= MAX_SUITES) break;
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[A-Za-z0-9_-]+$/.test(f[0]!)) continue;
    const field = (key: string) => f.find((x) => x.startsWith(`${key}=`))?.slice(key.length + 1);
    const kx = field('Kx');
    const au = field('Au');
    const enc = field('Enc');
    const mac = field('Mac');
    if (kx === undefined || au === undefined || enc === undefined || mac === undefined) continue;
    out.push({ name: f[0]!, protocol: f[1]!, kx, au, enc, mac });
  }
  return out;
}

/** What the installed OpenSSL said of a list (io/openssl-ciphers.ts), or why it was not asked. */
export type CipherSuitesAnswer = { ok: true; suites: OpensslSuite[] } | { ok: false; why: string };
