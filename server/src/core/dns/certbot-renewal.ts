// certbot's renewal settings for a certificate the port-25 service loads: a file under
// <config-dir>/live/NAME/ (/etc/letsencrypt by default, or certbot's --config-dir) is renewed as set
// in <config-dir>/renewal/NAME.conf. What matters to DANE is reuse_key: without it every renewal
// makes a new key, and a TLSA record of the current key (3 1 1) stops matching. Pure: io/ reads.

import type { DnsEvidence } from '../rules/dns/evidence';

/** The certbot lineage a certificate path belongs to, or null when it is not under live/NAME/. */
export function certbotLineage(file: string): { name: string; confPath: string } | null {
  const m = /^(.*)\/live\/([^/]+)\/[^/]+$/.exec(file);
  if (!m || m[2] === '.' || m[2] === '..') return null;
  return { name: m[2]!, confPath: `${m[1]}/renewal/${m[2]}.conf` };
}

export interface RenewalConf {
  /** [renewalparams] reuse_key is true (certbot reads booleans case-insensitively). */
  reuseKey: boolean;
}

/** A renewal configuration file as certbot reads it (configobj: "[section]", "key = value", "#" comments). */
export function parseRenewalConf(text: string): RenewalConf {
  let section = '';
  let reuseKey = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[+\s*([^\]]*?)\s*\]+$/.exec(line);
    if (s) {
      section = s[1]!;
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv || section !== 'renewalparams' || kv[1] !== 'reuse_key') continue;
    reuseKey = kv[2]!.replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2').toLowerCase() === 'true';
  }
  return { reuseKey };
}

/** What io/ read for one chain: its lineage and the renewal file's text (null: not readable, `why`). */
export interface CertbotRenewalFacts {
  /** Index into DnsFacts.chains. */
  chain: number;
  name: string;
  confPath: string;
  text: string | null;
  why?: string;
}

/** For each TLSA RRset of an MX host that is this server, one piece of evidence per chain renewed by certbot. */
export function renewalEvidence(evidence: readonly DnsEvidence[], renewals: readonly CertbotRenewalFacts[]): DnsEvidence[] {
  const out: DnsEvidence[] = [];
  for (const e of evidence) {
    if (e.kind !== 'tlsa') continue;
    for (const r of renewals) {
      if (r.text === null) continue;
      out.push({ kind: 'certbot-renewal', domain: e.domain, host: e.host, owner: e.owner, answer: e.answer, chains: e.chains, chain: r.chain, name: r.name, confPath: r.confPath, reuseKey: parseRenewalConf(r.text).reuseKey });
    }
  }
  return out;
}
