// The `probe --protocols` report as an HTML page for the probe's webview: the sentence first, then a
// section per TLS version with its suites (each with what is weak about it), the groups, the server
// order, what was not learnt and the problems. The same security contract as html-report.ts: no
// script, a strict Content-Security-Policy with the caller's nonce, every value through escapeHtml()
// (a suite name or a message may come from a hostile server), links only to our rule sections. Pure.

import { judgeCipherSuite, weaknessWords } from '../tls/cipher-suites.js';
import { escapeHtml as h, reportPage, ruleLink, type HtmlReportOptions } from './html-report.js';
import { protocolsSentence, VERSION_WORDS, type ProtocolEntry, type ProtocolsReport } from './protocols-types.js';

const num = (n: unknown) => h(String(n));

function suiteRow(name: string): string {
  const j = judgeCipherSuite(name);
  const notes: string[] = [];
  if (j.weak.length) notes.push(`<span class="bad">${h(weaknessWords(j.weak))}</span>`);
  if (j.anonymous) notes.push('anonymous (no certificate)');
  if (!j.forwardSecret && !j.psk) notes.push('no forward secrecy');
  return `<tr><td><code>${h(name)}</code></td><td>${notes.join(', ') || '<span class="muted">forward secret, nothing weak known</span>'}</td></tr>`;
}

/** The protocols section: one block per version. Exported for other reports that show it. */
export function protocolsSectionHtml(r: ProtocolsReport): string {
  const version = (p: ProtocolEntry): string => {
    const legacy = p.version === 'TLSv1' || p.version === 'TLSv1.1';
    const state = !p.learnt ? '<span class="muted">not learnt</span>' : p.accepted ? (legacy ? '<span class="bad">accepted</span>' : 'accepted') : 'refused';
    const head = `<h3>${h(VERSION_WORDS[p.version] ?? p.version)}: ${state}${p.accepted && !p.complete ? ' <span class="muted">(not every suite was tried)</span>' : ''}</h3>`;
    if (!p.ciphers.length) return head;
    return `${head}\n<p class="muted">${num(p.ciphers.length)} suite${p.ciphers.length === 1 ? '' : 's'}, in the order the server chose them.</p>\n<table class="fields">\n${p.ciphers.map(suiteRow).join('\n')}\n</table>`;
  };
  const order = r.serverOrder === null ? '<span class="muted">not learnt</span>' : r.serverOrder ? 'yes: the server picks the suite' : 'no: the client picks the suite';
  return [
    '<h2>TLS versions and cipher suites</h2>',
    ...r.protocols.map(version),
    '<table class="fields">',
    `<tr><th scope="row">Groups</th><td>${r.groups.length ? h(r.groups.join(', ')) : '<span class="muted">none learnt</span>'}</td></tr>`,
    `<tr><th scope="row">Server order</th><td>${order}</td></tr>`,
    `<tr><th scope="row">Judged as</th><td>${r.role === 'submission' ? 'a submission port (clients log in)' : 'an MX port (opportunistic TLS)'}</td></tr>`,
    '</table>',
    `<p class="muted">${h(r.limits)}</p>`,
  ].join('\n');
}

/** The whole page. */
export function protocolsReportHtml(r: ProtocolsReport, options: HtmlReportOptions): string {
  const hostShown = r.host.includes(':') ? `[${r.host}]` : r.host;
  const outcome = r.outcome === 'ok' ? 'accept' : r.outcome === 'weak' ? 'refuse' : 'unfinished';
  const sev = (s: string) => (s === 'error' || s === 'warning' ? s : 'hint');
  const problems = r.problems.length
    ? `<ul class="problems">\n${r.problems.map((p) => `<li><span class="sev ${sev(p.severity)}">${h(p.severity)}</span> ${ruleLink(p.code)}: ${h(p.message)}</li>`).join('\n')}\n</ul>`
    : '<p>None.</p>';
  const unlearnt = r.unlearnt.length || r.error ? `<h2>Not learnt</h2>\n<ul class="problems">\n${[...(r.error ? [`<li>${ruleLink(r.error.code)}: ${h(r.error.message)}</li>`] : []), ...r.unlearnt.map((u) => `<li>${h(u)}</li>`)].join('\n')}\n</ul>` : '';
  const title = `TLS versions of ${h(hostShown)}:${num(r.port)}`;
  return reportPage(
    options.nonce,
    title,
    `<h1>TLS versions and cipher suites of ${h(hostShown)} port ${num(r.port)}${r.address && r.address !== r.host ? ` (${h(r.address)})` : ''}, ${r.mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS'}</h1>
<p class="verdict ${outcome}" id="verdict">${h(protocolsSentence(r))}</p>
<h2>Problems</h2>
${problems}
${protocolsSectionHtml(r)}
${unlearnt}
<p class="muted">${num(r.connections)} connections in ${num(r.totalMs)} ms. Each did the SMTP dialogue up to STARTTLS, one TLS handshake, and closed: no AUTH, MAIL or RCPT.</p>`,
  );

}
