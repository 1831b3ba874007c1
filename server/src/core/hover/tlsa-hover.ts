// The hover section of a certificate setting after a DNS check: the TLSA records (at
// _25._tcp.<MX host>) its certificate or key matches, with their DNSSEC status. Only the port-25
// service's certificates are compared (DANE for SMTP is on port 25). Record text and owner names
// come from DNS, which anyone can publish: escaped like every other text in a hover. Pure.

import type { DnsDomainView } from '../dns/report-html';
import { md } from '../markdown';
import type { Setting } from '../navigation/at-position';
import type { CertificateTarget } from '../tls/config-targets';
import { at } from './certificate-hover';

export interface TlsaMatchNote {
  owner: string;
  /** "3 1 1 <hex>" as dns-report shows it. */
  record: string;
  dnssec: boolean;
}

/** What a DNS run found about TLSA records, kept for hovers. */
export interface TlsaFindings {
  /** Per chain source (a certificate file, or chain files joined with " + "): the records it matches. */
  matches: ReadonlyMap<string, readonly TlsaMatchNote[]>;
  /** The TLSA owners that were looked up and answered (with or without records). */
  owners: readonly string[];
  /** When the run ended. */
  at: Date;
}

const MAX_LISTED = 10;

export function tlsaFindingsOf(domains: readonly DnsDomainView[], when: Date): TlsaFindings {
  const matches = new Map<string, TlsaMatchNote[]>();
  const owners = new Set<string>();
  for (const d of domains) {
    for (const h of d.hosts) {
      const t = h.tlsa;
      if (!t || t.status !== 'answered') continue;
      owners.add(t.owner);
      for (const r of t.records) {
        for (const source of r.matches) {
          const list = matches.get(source) ?? [];
          if (!list.some((x) => x.owner === t.owner && x.record === r.record)) list.push({ owner: t.owner, record: r.record, dnssec: t.dnssec });
          matches.set(source, list);
        }
      }
    }
  }
  return { matches, owners: [...owners], at: when };
}

/** The chain sources a port-25 target's files make (as core/dns/chains-on-disk.ts names them). */
function sourcesOf(t: CertificateTarget, known: Iterable<string>): string[] {
  if (t.kind === 'pair') return t.certPath ? [t.certPath] : [];
  const paths = new Set(t.chainPaths ?? []);
  return [...known].filter((s) => s.split(' + ').some((p) => paths.has(p)));
}

/**
 * Markdown for the setting, or null when it is not a setting of a port-25 certificate or no DNS
 * run looked up a TLSA record. `port25`: the port-25 service's certificate targets of the current analysis.
 */
export function tlsaHover(s: Setting, port25: readonly CertificateTarget[], f: TlsaFindings): string | null {
  const targets = port25.filter((t) => at(t.certAt, s) || at(t.keyAt, s));
  if (targets.length === 0 || f.owners.length === 0) return null;
  const notes: TlsaMatchNote[] = [];
  for (const t of targets) for (const src of sourcesOf(t, f.matches.keys())) for (const n of f.matches.get(src) ?? []) if (!notes.some((x) => x.owner === n.owner && x.record === n.record)) notes.push(n);
  const time = f.at.toISOString().slice(11, 16);
  if (notes.length === 0) {
    const owners = f.owners.slice(0, MAX_LISTED).map((o) => md(o, 260)).join(', ');
    return `**DANE** (DNS check at ${time} UTC): no TLSA record at ${owners} matches this certificate or its key.`;
  }
  const lines = notes.slice(0, MAX_LISTED).map((n) => `- ${md(n.owner, 260)}: ${md(n.record, 200)} (${n.dnssec ? 'DNSSEC validated' : '**not validated**: DANE senders ignore it'})`);
  if (notes.length > MAX_LISTED) lines.push(`- and ${notes.length - MAX_LISTED} more`);
  return `**DANE** (DNS check at ${time} UTC): TLSA records that match this certificate or its key:\n${lines.join('\n')}`;
}
