// The `probe --protocols` report as a mail admin reads it in a terminal. The CLI's Io escapes it.

import { protocolsSentence, VERSION_WORDS, type ProtocolsReport } from './protocols.js';

export function formatProtocolsReport(r: ProtocolsReport): string {
  const out: string[] = [];
  const host = r.host.includes(':') ? `[${r.host}]` : r.host;
  const at = r.address && r.address !== r.host ? ` (${r.address})` : '';
  out.push(`TLS versions and suites of ${host} port ${r.port}${at}: ${r.mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS'}, judged as a${r.role === 'submission' ? ' submission' : 'n MX'} port`);
  out.push('');
  for (const p of r.protocols) {
    const state = !p.learnt ? 'not learnt' : p.accepted ? 'accepted' : 'refused';
    out.push(`${VERSION_WORDS[p.version].padEnd(8)} ${state}${p.accepted && !p.complete ? ' (suites: not all tried)' : ''}`);
    for (const c of p.ciphers) out.push(`           ${c}`);
  }
  out.push('');
  out.push(`Groups:       ${r.groups.length ? r.groups.join(', ') : 'none learnt'}`);
  out.push(`Server order: ${r.serverOrder === null ? 'not learnt' : r.serverOrder ? 'yes (the server picks the suite)' : 'no (the client picks the suite)'}`);
  out.push(`${r.connections} connection${r.connections === 1 ? '' : 's'} in ${r.totalMs} ms. ${r.limits}`);
  if (r.unlearnt.length) {
    out.push('');
    out.push('Not learnt:');
    for (const u of r.unlearnt) out.push(`  ${u}`);
  }
  if (r.problems.length) {
    out.push('');
    out.push('Problems:');
    for (const p of r.problems) out.push(`  ${p.severity} ${p.code}: ${p.message}`);
  }
  out.push('');
  out.push(protocolsSentence(r));
  return `${out.join('\n')}\n`;
}
