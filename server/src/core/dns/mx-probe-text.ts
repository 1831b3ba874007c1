// `probe --mx` as a mail admin reads it in a terminal: a block per MX host in the order senders try
// them (the probe in one line, then what a DANE sender and an MTA-STS sender would do), the domain's
// problems, and one closing sentence. Pure. Every name from the network is quoted with
// nameForMessage (control characters made visible, length bounded); the CLI's Io escapes the rest.

import { nameForMessage } from '../config/quote';
import type { MxProbeHostReport, MxProbeReport } from './mx-probe';

export function formatMxProbeReport(r: MxProbeReport): string {
  const d = nameForMessage(r.domain);
  const out: string[] = [];
  const dnssec = r.mx.dnssec ? 'validated (AD)' : 'not validated';
  const kind = r.mx.implicit ? 'no MX records, so the domain itself (RFC 5321 section 5.1)' : `${r.hosts.length} MX host${r.hosts.length === 1 ? '' : 's'}`;
  out.push(r.mx.status === 'failed' ? `MX hosts of ${d}: not known, the MX lookup failed` : `MX hosts of ${d}: ${r.mx.nullMx ? 'a Null MX' : kind}; MX records ${dnssec}`);
  const sts = r.mtaSts.mode ? `mode ${r.mtaSts.mode}, mx ${r.mtaSts.mx.map((p) => nameForMessage(p)).join(', ') || '(none)'}` : 'none in force';
  out.push(`MTA-STS policy: ${sts}`);
  for (const h of r.hosts) out.push('', ...hostLines(h));
  if (r.problems.length > 0) {
    out.push('', 'Problems:');
    for (const p of r.problems) out.push(`  ${p.message}`);
  }
  out.push('', closing(r, d));
  return `${out.join('\n')}\n`;
}

function hostLines(h: MxProbeHostReport): string[] {
  const addresses = h.addresses.length ? h.addresses.map((a) => nameForMessage(a)).join(', ') : 'no address';
  const lines = [`${nameForMessage(h.host)} (preference ${h.preference}; ${addresses})`];
  lines.push(`  probe:    ${probeLine(h)}`);
  lines.push(`  DANE:     ${h.dane.message}`);
  for (const rec of h.dane.records) lines.push(`            TLSA ${rec.record}${rec.usable ? '' : ' (not usable)'}${rec.matched ? ': matches the chain served' : ''}`);
  lines.push(`  MTA-STS:  ${h.mtaSts.message}`);
  lines.push(`  verdict:  ${h.acceptable === true ? 'acceptable' : h.acceptable === false ? 'NOT acceptable' : 'not found out'}`);
  return lines;
}

function probeLine(h: MxProbeHostReport): string {
  const p = h.probe;
  if (!p) return 'not probed: the host has no address';
  const at = `${nameForMessage(p.address ?? '?')} port 25`;
  if (p.chain.length === 0) return `${at}: no TLS${p.error ? ` (${p.error.code}, ${p.error.phase})` : ''}`;
  const leaf = p.chain[0]!;
  const names = leaf.names.length ? leaf.names.slice(0, 4).map((n) => nameForMessage(n)).join(', ') + (leaf.names.length > 4 ? ', …' : '') : 'no names';
  return `${at}: ${p.tlsVersion ?? 'TLS'}, ${p.chain.length} certificate${p.chain.length === 1 ? '' : 's'} served, leaf ${nameForMessage(leaf.subject)} for ${names}, valid until ${leaf.notAfter.slice(0, 10)}, SHA-256 ${leaf.fingerprint256.slice(0, 23)}…`;
}

function closing(r: MxProbeReport, d: string): string {
  if (r.mx.nullMx) return `${d} accepts no mail (Null MX): nothing to probe.`;
  const bad = r.hosts.filter((h) => h.acceptable === false).map((h) => nameForMessage(h.host));
  const unknown = r.hosts.filter((h) => h.acceptable === null).map((h) => nameForMessage(h.host));
  if (r.verdict === 'acceptable') return `Every MX host of ${d} is acceptable to DANE and MTA-STS senders.`;
  if (bad.length > 0) return `Not acceptable: DANE or MTA-STS senders would not deliver to ${bad.join(', ')}.`;
  if (r.mx.status === 'failed') return `Not found out: the MX records of ${d} could not be looked up.`;
  if (r.verdict === 'unfinished') return `Not found out${unknown.length ? ` for ${unknown.join(', ')}` : ''}: the lookups or probes did not finish.`;
  return `Not acceptable: ${d} has no MX host senders can deliver to.`;
}
