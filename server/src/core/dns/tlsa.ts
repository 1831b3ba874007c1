// DANE TLSA records (RFC 6698) judged as a DANE SMTP sender judges them (RFC 7672), against the
// certificates and keys a service loads from disk. Pure: the caller reads the files and passes DER.
//
// - Usable records (RFC 7672 section 3.1.3): usage 2 (DANE-TA) or 3 (DANE-EE), selector 0 (whole
//   certificate) or 1 (SubjectPublicKeyInfo), matching type 0 (full), 1 (SHA-256) or 2 (SHA-512),
//   and data of the length the matching type implies. Usages 0 and 1 depend on the public CA
//   system, which SMTP senders do not use: they ignore such records.
// - DANE-EE (3) is compared with the server's own certificate only; DANE-TA (2) with the
//   certificates the server sends after it, because a sender can only check an anchor it is sent
//   (RFC 7671 section 5.2.2; ldns-dane and OpenSSL agree: a 2 x y record of the leaf itself or of a
//   root left out of the chain file matches nothing).
// - A DANE-TA match also needs the leaf to name the MX host (RFC 7672 section 3.2.2); that is the
//   certificate checks' judgement, not this module's.

import { createHash } from 'node:crypto';
import { nameForMessage } from '../config/quote';

/** A TLSA record's data as core/dns/types.ts carries it: `data` in hex. */
export interface TlsaRdata {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

/** One certificate as DER, and the DER SubjectPublicKeyInfo of its key (Node: `x509.publicKey.export({type: 'spki', format: 'der'})`). */
export interface CertificateKeys {
  certDer: Uint8Array;
  spkiDer: Uint8Array;
}

export type TlsaRecordProblem = 'pkix-usage' | 'unknown-usage' | 'unknown-selector' | 'unknown-matching-type' | 'not-hex' | 'wrong-length';

export interface ParsedTlsa extends TlsaRdata {
  /** The presentation form, "3 1 1 <hex>", with long data clipped for messages. */
  text: string;
  /** Counted by a DANE SMTP sender: no problem. */
  usable: boolean;
  problem?: { problem: TlsaRecordProblem; message: string };
}

const USAGE_NAMES = ['PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE'];
/** Bytes of the data each matching type implies; 0 (full) has no fixed length. */
const DIGEST_BYTES = new Map([
  [1, 32],
  [2, 64],
]);
const ALGORITHMS = new Map([
  [1, 'sha256'],
  [2, 'sha512'],
]);

/** "3 1 1 <hex>" with at most `max` hex digits shown. */
export function tlsaText(r: TlsaRdata, max = 24): string {
  const data = r.data.length > max ? `${r.data.slice(0, max)}…` : r.data;
  return nameForMessage(`${r.usage} ${r.selector} ${r.matchingType} ${data}`);
}

export function parseTlsa(r: TlsaRdata): ParsedTlsa {
  const data = r.data.toLowerCase();
  const rec = { usage: r.usage, selector: r.selector, matchingType: r.matchingType, data };
  const text = tlsaText(rec);
  const problem = problemOf(rec, text);
  return { ...rec, text, usable: problem === undefined, ...(problem ? { problem } : {}) };
}

function problemOf(r: TlsaRdata, text: string): ParsedTlsa['problem'] {
  const say = (problem: TlsaRecordProblem, why: string) => ({ problem, message: `TLSA record ${text} ${why}` });
  if (r.usage === 0 || r.usage === 1)
    return say('pkix-usage', `has usage ${r.usage} (${USAGE_NAMES[r.usage]}), which depends on public certificate authorities: DANE SMTP senders ignore it (RFC 7672 section 3.1.3). Publish usage 3 (DANE-EE) or 2 (DANE-TA).`);
  if (r.usage !== 2 && r.usage !== 3) return say('unknown-usage', `has usage ${r.usage}, which no DANE client knows (0 to 3 are defined): senders ignore it.`);
  if (r.selector !== 0 && r.selector !== 1) return say('unknown-selector', `has selector ${r.selector}, which no DANE client knows (0 whole certificate, 1 public key): senders ignore it.`);
  if (r.matchingType !== 0 && !DIGEST_BYTES.has(r.matchingType))
    return say('unknown-matching-type', `has matching type ${r.matchingType}, which no DANE client knows (0 full, 1 SHA-256, 2 SHA-512): senders ignore it.`);
  if (r.data.length === 0 || r.data.length % 2 === 1 || !/^[0-9a-f]*$/.test(r.data)) return say('not-hex', 'has no association data that can be read as bytes: senders ignore it.');
  const want = DIGEST_BYTES.get(r.matchingType);
  if (want !== undefined && r.data.length !== want * 2)
    return say('wrong-length', `has ${r.data.length / 2} bytes of data where ${r.matchingType === 1 ? 'SHA-256' : 'SHA-512'} gives ${want}: senders ignore it.`);
  return undefined;
}

/** The record's data for these bytes (the certificate or its key, as the selector says); null for an unknown selector or matching type. */
export function tlsaDataFor(selector: number, matchingType: number, keys: CertificateKeys): string | null {
  const bytes = selector === 0 ? keys.certDer : selector === 1 ? keys.spkiDer : null;
  if (!bytes) return null;
  if (matchingType === 0) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const alg = ALGORITHMS.get(matchingType);
  return alg ? createHash(alg).update(bytes).digest('hex') : null;
}

/** Does the record's data equal the certificate's or key's (as its selector and matching type say)? The usage is not looked at. */
export function tlsaMatches(r: TlsaRdata, keys: CertificateKeys): boolean {
  const mine = tlsaDataFor(r.selector, r.matchingType, keys);
  return mine !== null && mine === r.data.toLowerCase();
}
