// The domains this server receives mail for, from the configuration: $mydomain, $mydestination,
// $virtual_mailbox_domains, $virtual_alias_domains and $relay_domains (main.cf's values, or
// Postfix's defaults). Pure: tables are named for io/ to read, never opened here.
//
// Lists are split as Postfix's match_list does (match_list.c): words between commas and blanks with
// {} kept together, "!" to exclude, "/file" for a file of more entries, "type:name" for a table (a
// ":" not after a "["), a "#" word ending the list. A word that is just "$name" is followed into
// that parameter's own words, so every domain keeps the chain it came through ($relay_domains ->
// $mydestination -> $myhostname) and the names of the host itself can be told apart from the
// domains of its users. Values as main.cf gives them: a service's -o does not change whom the
// server receives for (trivial-rewrite and smtpd read them from main.cf in practice).

import type { PostconfModel } from '../config/postconf-model';
import { expansionFailure, splitQuoted } from '../config/postconf-model';
import { MAC_PARSE_ERROR } from '../config/macro';

export const DOMAIN_PARAMETERS = ['mydomain', 'mydestination', 'virtual_mailbox_domains', 'virtual_alias_domains', 'relay_domains'] as const;
export type DomainParameter = (typeof DOMAIN_PARAMETERS)[number];

interface Origin {
  /** The parameter whose value lists it. */
  param: DomainParameter;
  /** The $names it came through after `param`, in order ([] when written in `param` itself). */
  via: string[];
}

export interface HostedDomain extends Origin {
  /** Lower case, without a leading "." or a trailing one. */
  domain: string;
  /**
   * listed: a domain of users; myhostname: the host's own name ($myhostname, or the same text);
   * localhost: "localhost" or "localhost.<anything>", which no MX names.
   */
  source: 'listed' | 'myhostname' | 'localhost';
  /** Written with a leading ".": its subdomains too. */
  subdomains: boolean;
}

export interface DomainTable extends Origin {
  /** "hash:/etc/postfix/vdomains" as written. */
  reference: string;
  type: string;
  name: string;
  /** text: the file io/ may read (the source postmap made the table from); skipped: why not. */
  read: { kind: 'text'; path: string } | { kind: 'skipped'; reason: string };
}

export interface DomainListProblem extends Origin {
  problem: 'expansion-failed' | 'comment' | 'empty-negation';
  message: string;
}

export interface HostedDomains {
  domains: HostedDomain[];
  tables: DomainTable[];
  /** "/path" entries: files of more entries, which match_list reads. */
  files: (Origin & { path: string })[];
  /** "!domain" entries: excluded from the list. */
  excluded: (Origin & { domain: string })[];
  problems: DomainListProblem[];
}

/** postmap's indexed types: the text it was made from lies beside it under the name without suffix. texthash: reads the text itself. */
const TEXT_SOURCE = new Set(['hash', 'lmdb', 'btree', 'cdb', 'dbm', 'sdbm', 'texthash']);
/** Nesting of $name words followed; Postfix itself stops at 100, a real list needs a handful. */
const MAX_VIA = 20;
const SINGLE_REF = /^\$(?:([A-Za-z0-9_]+)|\{([A-Za-z0-9_]+)\}|\(([A-Za-z0-9_]+)\))$/;

export function hostedDomains(model: PostconfModel): HostedDomains {
  const out: HostedDomains = { domains: [], tables: [], files: [], excluded: [], problems: [] };
  const myhostname = expandName(model, 'myhostname')?.trim().toLowerCase() ?? '';
  const seen = new Set<string>();
  for (const param of DOMAIN_PARAMETERS) {
    const raw = model.lookup(param, null);
    if (raw === null) continue;
    const stop = { ended: false };
    walk(model, raw, { param, via: [] }, out, myhostname, seen, stop);
  }
  return out;
}

function walk(model: PostconfModel, raw: string, origin: Origin, out: HostedDomains, myhostname: string, seen: Set<string>, stop: { ended: boolean }): void {
  for (const word of splitQuoted(raw)) {
    if (stop.ended) return;
    const ref = SINGLE_REF.exec(word);
    const name = ref ? (ref[1] ?? ref[2] ?? ref[3])! : null;
    const value = name !== null && origin.via.length < MAX_VIA && !origin.via.includes(name) && name !== origin.param ? model.lookup(name, null) : null;
    if (name !== null && value !== null) {
      walk(model, value, { param: origin.param, via: [...origin.via, name] }, out, myhostname, seen, stop);
      continue;
    }
    const r = word.includes('$') ? model.expand(word, null) : null;
    if (r && r.status & MAC_PARSE_ERROR) {
      out.problems.push({ ...origin, problem: 'expansion-failed', message: `${describe(origin)}: ${word} cannot be expanded (${expansionFailure(r)}); its domains are not known.` });
      continue;
    }
    for (const entry of r ? splitQuoted(r.value) : [word]) {
      if (stop.ended) return;
      addEntry(entry, origin, out, myhostname, seen, stop, name === 'myhostname');
    }
  }
}

function addEntry(entry: string, origin: Origin, out: HostedDomains, myhostname: string, seen: Set<string>, stop: { ended: boolean }, fromMyhostname: boolean): void {
  if (entry.startsWith('#')) {
    stop.ended = true;
    out.problems.push({ ...origin, problem: 'comment', message: `${describe(origin)}: "#" starts a word, and Postfix ignores the rest of the list (comments cannot follow a value).` });
    return;
  }
  let item = entry;
  let negate = false;
  while (item.startsWith('!')) {
    negate = !negate;
    item = item.slice(1);
  }
  if (item === '') {
    out.problems.push({ ...origin, problem: 'empty-negation', message: `${describe(origin)}: "!" with nothing after it: Postfix stops with a fatal error.` });
    return;
  }
  if (item.startsWith('/')) return void out.files.push({ ...origin, path: item });
  const colon = item.indexOf(':');
  if (!item.startsWith('[') && colon !== -1) return void out.tables.push(tableOf(item, colon, origin));
  const subdomains = item.startsWith('.');
  const domain = (subdomains ? item.slice(1) : item).replace(/\.$/, '').toLowerCase();
  if (negate) return void out.excluded.push({ ...origin, domain });
  const key = `${origin.param}\x00${domain}\x00${subdomains}`;
  if (seen.has(key)) return;
  seen.add(key);
  const source = domain === 'localhost' || domain.startsWith('localhost.') ? 'localhost' : fromMyhostname || origin.via.includes('myhostname') || domain === myhostname ? 'myhostname' : 'listed';
  out.domains.push({ ...origin, domain, source, subdomains });
}

function tableOf(reference: string, colon: number, origin: Origin): DomainTable {
  const type = reference.slice(0, colon).toLowerCase();
  const name = reference.slice(colon + 1);
  let read: DomainTable['read'];
  if (!TEXT_SOURCE.has(type)) read = { kind: 'skipped', reason: `${type}: tables are not read (only the text sources of hash:, lmdb:, texthash: and the other postmap types)` };
  else if (name === '' || name.startsWith('{')) read = { kind: 'skipped', reason: 'the table names no file' };
  else read = { kind: 'text', path: name };
  return { ...origin, reference, type, name, read };
}

function describe(o: Origin): string {
  return o.via.length ? `${o.param} (through $${o.via.join(', $')})` : o.param;
}

function expandName(model: PostconfModel, name: string): string | null {
  const raw = model.lookup(name, null);
  if (raw === null) return null;
  const r = model.expand(raw, null);
  return r.status & MAC_PARSE_ERROR ? null : r.value;
}
