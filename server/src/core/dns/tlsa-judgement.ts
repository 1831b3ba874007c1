// A TLSA RRset judged against every chain a port-25 service loads (one per key algorithm: a sender
// may negotiate any of them), as a DANE SMTP sender would (RFC 7672 section 3.1). Pure.

import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { nameForMessage } from '../config/quote';
import { parseTlsa, tlsaDataFor, type CertificateKeys, type ParsedTlsa, type TlsaRdata } from './tlsa';

/** What one setting makes the service send: the leaf first, then what follows it in the files. */
export interface ChainOnDisk {
  /** Where it comes from, as messages name it: a file, or the setting and its files. */
  source: string;
  certificates: CertificateKeys[];
  /** The files it was read from (the certificate file of a pair; the chain files of a key). */
  files?: string[];
}

/** A certificate a record matches: chains[chain].certificates[depth] (depth 0: the leaf). */
export interface TlsaMatch {
  chain: number;
  depth: number;
  /**
   * Not the certificate itself but its signature: the record publishes a whole anchor (2 0 0 or
   * 2 1 0), whose key signed this certificate. The anchor then need not be sent (RFC 7671
   * section 5.2.2; OpenSSL and ldns-dane accept it).
   */
  signedBy?: true;
}

export interface RecordJudgement {
  record: ParsedTlsa;
  /** Where the record's data is found on disk (any depth, whatever the usage). */
  matches: TlsaMatch[];
  /** Matches a sender counts: a usable record, DANE-EE at depth 0, DANE-TA at depth 1 or more. */
  authenticates: TlsaMatch[];
}

export interface ChainJudgement {
  source: string;
  /** A DANE sender sent this chain would accept it. */
  authenticated: boolean;
  /** Indices into `records` of the records that authenticate it. */
  by: number[];
}

export type TlsaSetProblemCode = 'unusable-record' | 'no-usable-records' | 'chain-not-matched' | 'anchor-missing' | 'ee-matches-issuer' | 'matches-nothing' | 'fragile';

export interface TlsaSetProblem {
  problem: TlsaSetProblemCode;
  message: string;
  /** The record concerned (index into `records`). */
  record?: number;
  /** The chain concerned (index into `chains`). */
  chain?: number;
}

export interface TlsaJudgement {
  records: RecordJudgement[];
  chains: ChainJudgement[];
  /**
   * Every usable record is a whole-certificate one (x 0 y): a renewed certificate breaks them all
   * even when the key is kept.
   */
  fragile: boolean;
  problems: TlsaSetProblem[];
}

/**
 * `owner` is the TLSA name ("_25._tcp.mx.example.org"), for messages. An empty RRset is no
 * judgement at all: there is no DANE for that host, and nothing here says so.
 */
export function judgeTlsa(rdata: readonly TlsaRdata[], chains: readonly ChainOnDisk[], owner: string): TlsaJudgement {
  const at = nameForMessage(owner);
  const digests = new Map<string, string | null>();
  const dataOf = (r: ParsedTlsa, chain: number, depth: number): string | null => {
    const key = `${chain}:${depth}:${r.selector}:${r.matchingType}`;
    let d = digests.get(key);
    if (d === undefined) digests.set(key, (d = tlsaDataFor(r.selector, r.matchingType, chains[chain]!.certificates[depth]!)));
    return d;
  };
  const parsed = new Map<string, X509Certificate | null>();
  const x509Of = (chain: number, depth: number): X509Certificate | null => {
    const key = `${chain}:${depth}`;
    let x = parsed.get(key);
    if (x === undefined) parsed.set(key, (x = certificateOrNull(chains[chain]!.certificates[depth]!.certDer)));
    return x;
  };
  const records: RecordJudgement[] = rdata.map((raw) => {
    const record = parseTlsa(raw);
    const matches: TlsaMatch[] = [];
    chains.forEach((c, chain) => {
      for (let depth = 0; depth < c.certificates.length; depth++) if (dataOf(record, chain, depth) === record.data) matches.push({ chain, depth });
    });
    let authenticates = record.usable ? matches.filter((m) => (record.usage === 3 ? m.depth === 0 : m.depth > 0)) : [];
    if (record.usable && record.usage === 2 && record.matchingType === 0 && authenticates.length === 0) authenticates = signedByAnchor(record, chains, x509Of);
    return { record, matches, authenticates };
  });
  const chainsOut: ChainJudgement[] = chains.map((c, i) => {
    const by = records.flatMap((r, n) => (r.authenticates.some((m) => m.chain === i) ? [n] : []));
    return { source: c.source, authenticated: by.length > 0, by };
  });
  const usable = records.filter((r) => r.record.usable);
  const fragile = usable.length > 0 && usable.every((r) => r.record.selector === 0);
  const problems: TlsaSetProblem[] = [];
  records.forEach((r, record) => {
    if (r.record.problem) problems.push({ problem: 'unusable-record', message: r.record.problem.message, record });
  });
  if (records.length > 0 && usable.length === 0) {
    problems.push({
      problem: 'no-usable-records',
      message: `No TLSA record at ${at} is usable by a DANE SMTP sender: senders still demand TLS from this host but cannot authenticate it (RFC 7672 section 2.2).`,
    });
  }
  if (usable.length > 0) {
    chainsOut.forEach((c, chain) => {
      if (!c.authenticated)
        problems.push({
          problem: 'chain-not-matched',
          message: `A DANE sender that is sent the certificate of ${nameForMessage(c.source)} would defer mail: no usable TLSA record at ${at} matches it.`,
          chain,
        });
    });
  }
  records.forEach((r, record) => {
    if (!r.record.usable || r.authenticates.length > 0) return;
    const where = (m: TlsaMatch) => nameForMessage(chains[m.chain]!.source);
    const issuer = r.matches.find((m) => m.depth > 0);
    const leaf = r.matches.find((m) => m.depth === 0);
    const text = r.record.text;
    if (r.record.usage === 2) {
      const message = leaf
        ? `TLSA record ${text} (DANE-TA) matches the server's own certificate in ${where(leaf)}, which cannot be its own trust anchor: publish it as usage 3 (DANE-EE), or publish the issuing CA's certificate or key.`
        : `TLSA record ${text} (DANE-TA) names a trust anchor that is in no chain file: a server must send the anchor it publishes (RFC 7671 section 5.2.2). Add the CA certificate it names after the server's certificate.`;
      problems.push({ problem: 'anchor-missing', message, record });
    } else if (issuer) {
      problems.push({
        problem: 'ee-matches-issuer',
        message: `TLSA record ${text} (DANE-EE) matches a CA certificate of ${where(issuer)}, but DANE-EE records are compared with the server's own certificate only: publish it as usage 2 (DANE-TA), or publish the server's key.`,
        record,
      });
    } else {
      problems.push({
        problem: 'matches-nothing',
        message: `TLSA record ${text} matches no certificate or key on disk: a key published ahead of a rollover, or one left from an old certificate.`,
        record,
      });
    }
  });
  if (fragile) {
    problems.push({
      problem: 'fragile',
      message: `Every usable TLSA record at ${at} matches a whole certificate (x 0 y): the next renewal breaks them all, even with the same key. Publish a record of the key instead, such as 3 1 1.`,
    });
  }
  return { records, chains: chainsOut, fragile, problems };
}

function certificateOrNull(der: Uint8Array): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

/** The certificates on disk whose signature the key of a published anchor (2 0 0, 2 1 0) verifies. */
function signedByAnchor(r: ParsedTlsa, chains: readonly ChainOnDisk[], x509Of: (chain: number, depth: number) => X509Certificate | null): TlsaMatch[] {
  let key: KeyObject;
  try {
    const der = Buffer.from(r.data, 'hex');
    key = r.selector === 0 ? new X509Certificate(der).publicKey : createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return [];
  }
  const out: TlsaMatch[] = [];
  chains.forEach((c, chain) => {
    for (let depth = 0; depth < c.certificates.length; depth++) {
      const x = x509Of(chain, depth);
      try {
        if (x?.verify(key)) out.push({ chain, depth, signedBy: true });
      } catch {
        // A key of another algorithm than the signature's: not the issuer.
      }
    }
  });
  return out;
}
