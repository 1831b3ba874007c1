// An MX host judged as a DANE SMTP sender (RFC 7672) judges it, from what DNS said and the chain the
// host served on port 25. Pure: the caller looks up and probes.
//
// - DANE applies to a host whose address records and TLSA RRset are validated (AD bit; section
//   2.2.2). An MX RRset that is not validated does not turn it off: RFC 7672 section 2.2.1 lets
//   senders use the host's signed TLSA records anyway, and Postfix >= 3.6 does so by default
//   (smtp_tls_dane_insecure_mx_policy = dane), logging a success as "Trusted", not "Verified".
//   posttls-finger -l dane agrees (test/probe/mx-probe-finger.test.ts).
// - A TLSA lookup that fails for a host whose addresses are signed makes senders defer (section 2.2.2).
// - TLSA records present but none usable: TLS is still mandatory, without authentication (2.2).
// - DANE-EE (3 x y) is compared with the leaf served; names and dates are not checked (3.1.1).
// - DANE-TA (2 x y) with a certificate served after the leaf (or, for 2 0 0 / 2 1 0, the key that
//   signed one): the leaf must chain to it, be within its dates and name the MX host (sections
//   3.1.2 and 3.2.2). Not the domain: RFC 7672 lets a sender accept it too, but Postfix and
//   posttls-finger match the TLSA base domain (the MX host) only.

import { X509Certificate } from 'node:crypto';
import { nameForMessage } from '../config/quote';
import { certificateMatches, normalizeHostname } from '../tls/host-match';
import { judgeTlsa, type RecordJudgement, type TlsaMatch } from './tlsa-judgement';
import { parseTlsa, type CertificateKeys } from './tlsa';
import type { DnsResult } from './types';

/** pass: a DANE sender delivers; fail: it defers; not-applicable: DANE does not apply (opportunistic TLS); unknown: not found out. */
export type DaneStatus = 'pass' | 'fail' | 'not-applicable' | 'unknown';

export interface DaneTlsaRecord {
  /** "3 1 1 <hex>", the data clipped. */
  record: string;
  usable: boolean;
  /** It authenticated the chain served. */
  matched: boolean;
}

export interface DaneVerdict {
  status: DaneStatus;
  /** One sentence, as a sender would act, names escaped. */
  message: string;
  /** The TLSA owner name, "_25._tcp.<host>". */
  owner: string;
  /** The TLSA RRset, when one was found (validated or not). */
  records: DaneTlsaRecord[];
  /** The AD bit on each link: null when the lookup did not answer. */
  dnssec: { mx: boolean; addresses: boolean | null; tlsa: boolean | null };
}

export interface DaneInput {
  host: string;
  domain: string;
  /** The MX lookup had the AD bit (an implicit MX: the domain's address lookup). */
  mxSecure: boolean;
  a: DnsResult;
  aaaa: DnsResult;
  tlsa: DnsResult;
  /** The chain served, DER, leaf first; empty when no TLS session was made. */
  chainDer: readonly Uint8Array[];
  /** Why no chain: the probe's error, as one phrase; null when a chain was served. */
  noTls: { code: string; message: string; unfinished: boolean } | null;
  now: Date;
}

/** Lookup failures that say nothing about the zone: no resolver answered. */
const NOT_ANSWERED = new Set(['timeout', 'aborted', 'unreachable', 'no-resolver']);

export function judgeDane(input: DaneInput): DaneVerdict {
  const host = nameForMessage(input.host);
  const owner = `_25._tcp.${input.host}`;
  const addressResults = [input.a, input.aaaa].filter((r) => r.ok && r.answers.length > 0);
  const addresses = addressResults.length === 0 ? null : addressResults.every((r) => r.ok && r.ad);
  const tlsaSecure = input.tlsa.ok ? input.tlsa.ad : null;
  const dnssec = { mx: input.mxSecure, addresses, tlsa: tlsaSecure };
  const rdata = input.tlsa.ok ? input.tlsa.answers.flatMap((r) => (r.type === 'TLSA' ? [r] : [])) : [];
  const base = { owner, dnssec, records: rdata.map((r) => ({ record: parseTlsa(r).text, usable: parseTlsa(r).usable, matched: false })) };
  // Said after a verdict that used the TLSA records of a host whose MX records are not validated.
  const insecureMx = input.mxSecure
    ? ''
    : ` (the MX records of ${nameForMessage(input.domain)} are not validated, but senders such as Postfix >= 3.6 still use the host's signed TLSA records, and log a success as "Trusted", not "Verified")`;
  const verdict = (status: DaneStatus, message: string, records = base.records): DaneVerdict => ({
    ...base,
    records,
    status,
    message: insecureMx && (status === 'pass' || status === 'fail') ? `${message.slice(0, -1)}${insecureMx}.` : message,
  });
  const optional = (why: string) => verdict('not-applicable', `DANE does not apply to ${host}: ${why}, so senders use opportunistic TLS.`);

  if (addresses === null) return optional('it has no address records');
  if (!addresses) return optional('its address records are not validated (no AD bit)');
  if (!input.tlsa.ok) {
    if (NOT_ANSWERED.has(input.tlsa.reason)) return verdict('unknown', `Whether a DANE sender would deliver to ${host} is not known: the TLSA lookup got no answer (${input.tlsa.detail}).`);
    return verdict('fail', `A DANE sender would defer mail to ${host}: the TLSA lookup at ${nameForMessage(owner)} failed (${input.tlsa.detail}), and a signed host's TLSA must be found out before delivery (RFC 7672 section 2.2).`);
  }
  if (rdata.length === 0) return optional(`there is no TLSA record at ${nameForMessage(owner)}`);
  if (!input.tlsa.ad) return optional(`its TLSA records at ${nameForMessage(owner)} are not validated (no AD bit)`);

  if (input.noTls) {
    if (input.noTls.unfinished) return verdict('unknown', `Whether a DANE sender would deliver to ${host} is not known: the probe did not finish (${input.noTls.message}).`);
    return verdict('fail', `A DANE sender would defer mail to ${host}: it publishes TLSA records, so TLS is mandatory, but ${input.noTls.message}.`);
  }
  const served: CertificateKeys[] = [];
  for (const der of input.chainDer) {
    const x = certificateOrNull(der);
    if (!x) break;
    served.push({ certDer: der, spkiDer: x.publicKey.export({ type: 'spki', format: 'der' }) });
  }
  const judged = judgeTlsa(rdata, [{ source: 'the chain served', certificates: served }], owner);
  if (!judged.records.some((r) => r.record.usable)) {
    return verdict('pass', `A DANE sender would deliver to ${host} over TLS without authenticating it: none of its TLSA records is usable (RFC 7672 section 2.2), so TLS is required but any certificate is taken.`);
  }
  const leaf = served[0] ? certificateOrNull(served[0].certDer) : null;
  const named = leaf !== null && certificateMatches(leaf, normalizeHostname(input.host));
  const failures: string[] = [];
  const passed: RecordJudgement[] = [];
  for (const r of judged.records) {
    if (r.authenticates.length === 0) continue;
    if (r.record.usage === 3) {
      passed.push(r);
      continue;
    }
    const why = taFailure(r.authenticates, served, input.now, named, input.host);
    if (why === null) passed.push(r);
    else failures.push(`TLSA record ${r.record.text} (DANE-TA) matches a CA certificate it serves, but ${why}`);
  }
  const records = base.records.map((rec, i) => ({ ...rec, matched: passed.includes(judged.records[i]!) }));
  if (passed.length > 0) {
    const r = passed[0]!;
    const how = r.record.usage === 3 ? 'the certificate it serves (DANE-EE: names and dates are not checked)' : `a CA certificate it serves, and its certificate names ${host}`;
    return verdict('pass', `A DANE sender would deliver to ${host}: TLSA record ${r.record.text} matches ${how}.`, records);
  }
  if (failures.length > 0) return verdict('fail', `A DANE sender would defer mail to ${host}: ${failures[0]}.`, records);
  return verdict('fail', `A DANE sender would defer mail to ${host}: no TLSA record matches the certificate it serves.`, records);
}

/** Why a DANE-TA match does not authenticate the leaf: null when it does. */
function taFailure(matches: readonly TlsaMatch[], served: readonly CertificateKeys[], now: Date, named: boolean, host: string): string | null {
  const x509 = served.map((c) => certificateOrNull(c.certDer));
  let last = 'the certificate it serves does not chain to it';
  for (const m of matches) {
    // The path from the leaf up to the anchor: each certificate signed by the next one. The dates
    // of the anchor itself are not checked (it comes from DNS, not from a CA's store).
    let chained = true;
    for (let i = 0; i < m.depth && chained; i++) chained = signs(x509[i + 1] ?? null, x509[i] ?? null);
    if (!chained) continue;
    const expired = x509.slice(0, m.signedBy ? m.depth + 1 : m.depth).find((x) => x !== null && (now < new Date(x.validFrom) || now > new Date(x.validTo)));
    if (expired) {
      last = `the certificate ${nameForMessage(expired.subject.replace(/\n/g, ', '))} is outside its dates (${expired.validFrom} to ${expired.validTo})`;
      continue;
    }
    if (!named) return `its certificate does not name ${nameForMessage(host)} (DANE-TA checks the MX host's name, RFC 7672 section 3.2.2)`;
    return null;
  }
  return last;
}

function signs(issuer: X509Certificate | null, subject: X509Certificate | null): boolean {
  if (!issuer || !subject) return false;
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function certificateOrNull(der: Uint8Array): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}
