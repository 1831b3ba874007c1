// The probe report as a mail admin reads it in a terminal: what was sent and received, with
// timings; the TLS session; the chain as sent; the problems; and last the one-sentence verdict.

import { listSome } from '../tls/findings.js';
import type { ChainEntry, ProbeReport } from './types.js';

export function formatProbeReport(r: ProbeReport): string {
  const out: string[] = [];
  const at = r.address && r.address !== r.host ? ` (${r.address})` : '';
  const sni = r.servername ? `SNI ${r.servername}` : 'no SNI';
  out.push(`Probe of ${r.host} port ${r.port}${at}: ${r.mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS'}, ${sni}, certificate checked for ${r.hostnames.join(', ')}`);
  out.push('');
  out.push(...transcriptLines(r));
  out.push('');
  if (r.tlsVersion) {
    out.push(`TLS:          ${r.tlsVersion}, ${r.cipher ?? 'unknown cipher'}${r.keyExchange ? `, key exchange ${r.keyExchange}` : ''}${r.timings.handshakeMs !== null ? ` (handshake ${r.timings.handshakeMs} ms)` : ''}`);
  }
  if (r.ehloKeywords.length) out.push(`EHLO offers:  ${listSome(r.ehloKeywords, 20)}`);
  out.push(...authLines(r));
  if (r.chain.length) {
    out.push(`Chain as sent (${r.chain.length} certificate${r.chain.length === 1 ? '' : 's'}${r.chainSource === 'peer-certificate' ? ', in the order Node rebuilt it' : ''}):`);
    r.chain.forEach((c, i) => out.push(...chainLines(c, i)));
  }
  if (r.verdict.trusted !== null) out.push(`Trusted:      ${r.verdict.trusted ? 'yes' : 'no'}`);
  if (r.verdict.nameMatches !== null) out.push(`Name matches: ${r.verdict.nameMatches ? 'yes' : 'no'} (${r.hostnames.join(', ')})`);
  if (r.error) out.push(`Stopped:      ${r.error.phase}: ${r.error.code}`);
  if (r.verdict.problems.length) {
    out.push('');
    out.push('Problems:');
    for (const p of r.verdict.problems) out.push(`  ${p.severity} ${p.code}: ${p.message}`);
  }
  out.push('');
  out.push(r.sentence);
  return `${out.join('\n')}\n`;
}

/** AUTH as offered before and after TLS (mechanism names only: their shape is checked, see auth.ts). */
export function authLines(r: ProbeReport): string[] {
  const out: string[] = [];
  const list = (m: string[]) => (m.length ? m.join(' ') : 'none');
  if (r.submission) out.push(`Submission:   yes (port ${r.port}): AUTH PLAIN or LOGIN must be offered ${r.mode === 'tls' ? 'inside TLS' : 'after STARTTLS, and no AUTH before it'}`);
  if (r.auth.beforeTls) out.push(`AUTH before TLS: ${list(r.auth.beforeTls)}`);
  if (r.auth.afterTls) out.push(`AUTH ${r.mode === 'tls' ? 'inside' : 'after'} TLS:  ${list(r.auth.afterTls)}`);
  if (r.auth.ignored) out.push(`AUTH names ignored: ${r.auth.ignored} (not of a SASL mechanism's shape, or past the limit)`);
  return out;
}

function transcriptLines(r: ProbeReport): string[] {
  const lines: string[] = [];
  const stamp = (ms: number) => `${String(ms).padStart(6)} ms`;
  const handshake = r.tlsVersion ? `  -- TLS handshake: ${r.tlsVersion}, ${r.cipher ?? '?'}` : null;
  let shownHandshake = false;
  for (const t of r.transcript) {
    if (t.tls && !shownHandshake && handshake) {
      lines.push(`${' '.repeat(9)}${handshake}`);
      shownHandshake = true;
    }
    lines.push(`${stamp(t.ms)}  ${t.tls ? 'tls ' : '    '}${t.from === 'client' ? 'C:' : 'S:'} ${t.line}`);
  }
  if (handshake && !shownHandshake) lines.push(`${' '.repeat(9)}${handshake}`);
  if (r.injection) lines.push(`${' '.repeat(9)}  !! ${r.injection.bytes} byte(s) after the 220 to STARTTLS, thrown away: ${r.injection.preview}`);
  if (r.error) lines.push(`${stamp(r.timings.totalMs)}  !! ${r.error.message}`);
  if (lines.length === 0) lines.push('  (nothing was exchanged)');
  return lines;
}

function chainLines(c: ChainEntry, i: number): string[] {
  const pad = '      ';
  return [
    `  ${i}  subject  ${c.subject}${c.selfSigned ? '  (self-signed)' : ''}`,
    ...(c.names.length ? [`${pad}  names    ${listSome(c.names, 8)}`] : []),
    `${pad}  issuer   ${c.issuer}`,
    `${pad}  valid    ${c.notBefore.replace('.000Z', 'Z')} to ${c.notAfter.replace('.000Z', 'Z')}`,
    `${pad}  key      ${c.key}, ${c.signatureAlgorithm}${c.isCA ? ', CA' : ''}`,
    `${pad}  sha256   ${c.fingerprint256}`,
  ];
}
