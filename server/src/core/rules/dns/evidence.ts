// What a DNS rule judges: one thing the DNS lookups of a hosted domain met, as plain data. The
// gatherer (io/dns/gather.ts) asks and records; the facts are split into evidence by
// core/dns/dns-facts.ts; which code, how severe and in what words is the rules' business. Every
// name and text here came from the network: a rule escapes it (nameForMessage, shown) before
// putting it in a message.

import type { DnsAnswer, DnsFailure } from '../../dns/types';
import type { ThisServer } from '../../dns/mx';
import type { ChainOnDisk } from '../../dns/tlsa-judgement';
import type { Severity } from '../../types';
import type { ParsedMtaStsPolicy } from '../../dns/mta-sts-policy-facts';
import type { PolicyFetchFailure } from '../../dns/policy-fetch';
import type { SubmissionService } from '../../dns/srv';

export type DnsEvidence =
  /** A lookup that gave no answer: `query` is "name TYPE"; `host` the MX host it was for, if any. */
  | { kind: 'lookup-failed'; domain: string; host?: string; query: string; failure: DnsFailure }
  /**
   * An MX host of `domain`: its addresses, whether it is this server, and the chains the port-25
   * service loads from disk (one per key; [] when none could be read).
   */
  | { kind: 'mx-host'; domain: string; host: string; preference: number; addresses: string[]; thisServer: ThisServer; chains: ChainOnDisk[] }
  /** The TLSA RRset at `owner` (_25._tcp.<host>) of an MX host that is this server, with at least one record. */
  | { kind: 'tlsa'; domain: string; host: string; owner: string; answer: DnsAnswer; chains: ChainOnDisk[] }
  /** The TXT records at _mta-sts.<domain>, when there is at least one. */
  | { kind: 'mta-sts-txt'; domain: string; owner: string; answer: DnsAnswer }
  /** The TXT records at _smtp._tls.<domain>, when there is at least one. */
  | { kind: 'tls-rpt-txt'; domain: string; owner: string; answer: DnsAnswer }
  /** The MTA-STS policy of a domain with a usable _mta-sts record could not be fetched as senders fetch it. */
  | { kind: 'mta-sts-fetch-failed'; domain: string; failure: PolicyFetchFailure }
  /** The MTA-STS policy fetched from `url`, read; `mxHosts`: the domain's real MX hosts in the order senders try them. */
  | { kind: 'mta-sts-policy'; domain: string; url: string; policy: ParsedMtaStsPolicy; mxHosts: string[] }
  /**
   * A target of the domain's `_submission._tcp` or `_submissions._tcp` SRV record (`owner`), with
   * the chains the smtpd on `port` loads from disk ([] when none, or none could be read).
   */
  | { kind: 'srv-target'; domain: string; service: SubmissionService; owner: string; target: string; port: number; addresses: string[]; thisServer: ThisServer; chains: ChainOnDisk[] }
  /**
   * The resolver asked, judged by its answer for the root's SOA (`domain` is "."): `validates` is
   * its AD bit. `system`: /etc/resolv.conf's resolvers (those Postfix asks), with `trustAd`, its
   * `options trust-ad`. `daneClients`: the SMTP clients that ask for DANE; `tlsaOwners`: the TLSA
   * RRsets found for MX hosts that are this server.
   */
  | { kind: 'resolver'; domain: string; server: string; validates: boolean; system: boolean; trustAd: boolean; daneClients: string[]; tlsaOwners: string[] }
  /**
   * A TLSA RRset as in `tlsa`, and a chain of it (`chains[chain]`) that certbot renews: the lineage
   * `name`, its renewal file and whether that keeps the key (core/dns/certbot-renewal.ts).
   */
  | { kind: 'certbot-renewal'; domain: string; host: string; owner: string; answer: DnsAnswer; chains: ChainOnDisk[]; chain: number; name: string; confPath: string; reuseKey: boolean }
  /**
   * A table of a hosted-domain parameter whose domains were not all checked (`domain`: the table as
   * written, "mysql:/etc/postfix/vdomains.cf"): a type not read, a file not readable, or more
   * domains than a check takes. `via`: the $names it came through after `param`.
   */
  | { kind: 'domain-table'; domain: string; param: string; via: string[]; outcome: DomainTableOutcome };

/**
 * What reading a hosted-domain table gave: read (its text source, the domains in it, how many were
 * checked); skipped (a type whose domains are not read, or no file named); unreadable.
 */
export type DomainTableOutcome = { kind: 'read'; path: string; domains: string[]; checked: number } | { kind: 'skipped'; reason: string } | { kind: 'unreadable'; path: string; why: string };

/** A DNS rule's finding: about a domain, and an MX host of it when `host` is set. */
export interface DnsFinding {
  code: string;
  severity: Severity;
  message: string;
  domain: string;
  host?: string;
  /** The port of the service whose certificate the finding is about, when it is not port 25 (an SRV target's). */
  port?: number;
}
