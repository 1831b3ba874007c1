// The DNS check's report as an HTML page, for the editor's webview: a sentence first, then per
// domain the MX hosts (this server or not), their TLSA records with DNSSEC status and the files on
// disk each matches, the MTA-STS and TLS-RPT records, and the findings linked to docs/rules.md.
//
// Security contract: the same as the probe's page (core/probe/html-report.ts), whose escaping,
// style sheet and Content-Security-Policy it uses. Everything DNS gives is attacker-controlled (a
// TXT record can hold `<script>`, a bidi override, a terminal escape): every value goes through
// escapeHtml(), none is put into an attribute, no script, nothing loaded. Pure.
//
// The shapes below are what the page reads of `postfix-lens dns --json` (core/dns/dns-report.ts's
// DomainReport is assignable to DnsDomainView; fields added there later are carried, not shown).

import { escapeHtml as h, reportPage, ruleLink } from '../probe/html-report';

export interface DnsLookupView {
  status: 'answered' | 'failed';
  /** The resolver's AD bit. */
  dnssec: boolean;
  error?: string;
}

export interface DnsHostView {
  host: string;
  preference: number;
  addresses: string[];
  thisServer: boolean;
  by?: string;
  tlsa?: DnsLookupView & { owner: string; records: { record: string; usable: boolean; matches: string[] }[] };
}

export interface DnsDomainView {
  domain: string;
  from: string;
  mx: DnsLookupView & { nullMx: boolean };
  hosts: DnsHostView[];
  mtaSts: DnsLookupView & { records: string[] };
  tlsRpt: DnsLookupView & { records: string[] };
}

export interface DnsDiagnosticView {
  code: string;
  severity: string;
  message: string;
  domain: string;
  host: string | null;
}

/** One run of the DNS check as the editor shows it. */
export interface DnsCheckReport {
  domains: DnsDomainView[];
  diagnostics: DnsDiagnosticView[];
  /** The port-25 certificate chains compared with TLSA records (their files). */
  chains: string[];
  /** "127.0.0.1:5353", or "the system resolver". */
  resolver: string;
  /** Not one lookup got an answer: nothing below can be trusted. */
  noAnswer: boolean;
  /** Questions sent to the resolver, and those the editor's cache answered (TTL). */
  lookups: { sent: number; cached: number };
  /** Milliseconds the run took. */
  ms: number;
}

const num = (n: unknown) => h(String(n));
const dnssec = (l: DnsLookupView) => (l.status === 'failed' ? '<span class="bad">lookup failed</span>' : l.dnssec ? 'DNSSEC validated' : '<span class="muted">not validated</span>');
const failed = (l: DnsLookupView) => (l.error ? `: <code>${h(l.error)}</code>` : '');

/** What a count of findings says, in words. */
export function dnsSummary(r: DnsCheckReport): string {
  if (r.noAnswer) return `No resolver answered (${r.resolver}): the DNS check could not run.`;
  if (r.domains.length === 0) return 'No domain to check: set mydomain, list domains in mydestination or virtual_mailbox_domains, or add some to postfixLens.dns.domains.';
  const count = (s: string) => r.diagnostics.filter((d) => d.severity === s).length;
  const [e, w] = [count('error'), count('warning')];
  const domains = `${r.domains.length} domain${r.domains.length === 1 ? '' : 's'}`;
  if (e + w === 0) return `${domains} checked: nothing a sender would stumble on.`;
  return `${domains} checked: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}.`;
}

function hostHtml(x: DnsHostView): string {
  const addrs = x.addresses.length ? h(x.addresses.join(', ')) : '<span class="muted">no address</span>';
  const who = x.thisServer ? `this server${x.by ? ` <span class="muted">(${h(x.by)})</span>` : ''}` : '<span class="muted">not this server</span>';
  const rows = [`<tr><td>${num(x.preference)}</td><td><code>${h(x.host)}</code></td><td>${addrs}</td><td>${who}</td></tr>`];
  const t = x.tlsa;
  if (t) {
    let body: string;
    if (t.status === 'failed') body = `TLSA <code>${h(t.owner)}</code>: <span class="bad">lookup failed</span>${failed(t)}`;
    else if (t.records.length === 0) body = `TLSA <code>${h(t.owner)}</code>: none (no DANE for this host)`;
    else {
      const items = t.records.map((r) => {
        const m = !r.usable ? '<span class="muted">not usable by DANE senders</span>' : r.matches.length ? `matches ${h(r.matches.join(', '))}` : '<span class="bad">matches no certificate on disk</span>';
        return `<li><code class="wrap">${h(r.record)}</code>: ${m}</li>`;
      });
      body = `TLSA <code>${h(t.owner)}</code> (${dnssec(t)}):<ul>${items.join('')}</ul>`;
    }
    rows.push(`<tr><td></td><td colspan="3">${body}</td></tr>`);
  }
  return rows.join('\n');
}

function txtHtml(label: string, l: DnsLookupView & { records: string[] }): string {
  if (l.status === 'failed') return `<tr><th scope="row">${label}</th><td><span class="bad">lookup failed</span>${failed(l)}</td></tr>`;
  if (l.records.length === 0) return `<tr><th scope="row">${label}</th><td><span class="muted">no record</span></td></tr>`;
  return l.records.map((t, i) => `<tr><th scope="row">${i === 0 ? label : ''}</th><td><code class="wrap">${h(t)}</code> (${dnssec(l)})</td></tr>`).join('\n');
}

function domainHtml(d: DnsDomainView, findings: readonly DnsDiagnosticView[]): string {
  let mx: string;
  if (d.mx.status === 'failed') mx = `<p>MX: <span class="bad">lookup failed</span>${failed(d.mx)}</p>`;
  else if (d.mx.nullMx) mx = '<p>MX: a Null MX ("."): the domain accepts no mail.</p>';
  else if (d.hosts.length === 0) mx = '<p>MX: none (senders deliver to the address of the domain itself).</p>';
  else mx = `<table class="mx">\n<tr><th>Pref.</th><th>MX host</th><th>Addresses</th><th></th></tr>\n${d.hosts.map(hostHtml).join('\n')}\n</table>`;
  const own = findings.filter((f) => f.domain === d.domain);
  return [
    `<h2>${h(d.domain)} <span class="muted">from ${h(d.from)} (MX: ${dnssec(d.mx)})</span></h2>`,
    mx,
    `<table class="fields">\n${txtHtml('MTA-STS', d.mtaSts)}\n${txtHtml('TLS-RPT', d.tlsRpt)}\n</table>`,
    own.length ? problemsHtml(own) : '',
  ].join('\n');
}

function problemsHtml(list: readonly DnsDiagnosticView[]): string {
  const sev = (s: string) => (s === 'error' || s === 'warning' ? s : 'hint');
  const items = list.map((f) => `<li><span class="sev ${sev(f.severity)}">${h(f.severity)}</span> ${ruleLink(f.code)}${f.host ? ` <code>${h(f.host)}</code>` : ''}: ${h(f.message)}</li>`);
  return `<ul class="problems">\n${items.join('\n')}\n</ul>`;
}

export function dnsReportHtml(r: DnsCheckReport, options: { nonce: string }): string {
  const bad = r.noAnswer || r.diagnostics.some((d) => d.severity === 'error');
  const warn = r.diagnostics.some((d) => d.severity === 'warning');
  const chains = r.chains.length ? h(r.chains.join('; ')) : '<span class="muted">none read (no TLSA record can match)</span>';
  const known = new Set(r.domains.map((d) => d.domain));
  const other = r.diagnostics.filter((d) => !known.has(d.domain));
  return reportPage(options.nonce, `DNS check`, `<h1>DNS check: MX, DANE, MTA-STS</h1>
<p class="verdict ${bad ? 'refuse' : warn ? 'unfinished' : 'accept'}" id="dns-verdict">${h(dnsSummary(r))}</p>
<table class="fields">
<tr><th scope="row">Resolver</th><td>${h(r.resolver)}</td></tr>
<tr><th scope="row">Port 25 certificates</th><td>${chains}</td></tr>
</table>
${r.domains.map((d) => domainHtml(d, r.diagnostics)).join('\n')}
${other.length ? `<h2>Other findings</h2>\n${problemsHtml(other)}` : ''}
<p class="muted">${num(r.lookups.sent)} question(s) sent, ${num(r.lookups.cached)} answered from the cache, ${num(Math.round(r.ms))} ms.</p>`);
}
