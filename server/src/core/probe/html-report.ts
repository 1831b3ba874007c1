// The probe report as an HTML page, for the editor's webview: the verdict sentence first, in plain
// words; then the TLS session, the chain exactly as the server sent it, the problems (each code
// linked to its section of docs/rules.md) and the dialogue with timings.
//
// Security contract (everything in a report may come from a hostile server: certificate subjects,
// names, reply lines):
// - The page allows no script at all and loads nothing: Content-Security-Policy default-src 'none';
//   the one <style> element carries the caller's nonce, the only style the policy admits.
// - Every value goes through escapeHtml(): & < > " ' ` become entities, and control, bidi,
//   zero-width and separator characters become visible \xHH / \u{HHHH} escapes. No value is ever
//   put into an attribute; the only attributes with data are the rule links, built from codes that
//   match the kebab-case shape, under our own URL.
// Pure: no I/O, no randomness (the caller makes the nonce).

import { listSome } from '../tls/findings.js';
import type { ChainEntry, ProbeReport, TranscriptEntry } from './types.js';

export const RULES_DOC_URL = 'https://github.com/postfix-lens/postfix-lens/blob/main/docs/rules.md';

export interface HtmlReportOptions {
  /** At least 16 letters and digits, fresh for every page (other characters are dropped). */
  nonce: string;
  /** "Now", for "expires in N days". Default: no such note. */
  now?: Date;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
// C0 (but tab), DEL, C1, Arabic letter mark, zero-width and bidi controls, line/paragraph separators,
// word joiners, bidi isolates, BOM, and lone surrogates.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const CODE_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Text for HTML element content: always shown as text, never markup, never invisible. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, (c) => {
      const n = c.charCodeAt(0);
      return n < 0x100 ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${n.toString(16).toUpperCase()}}`;
    })
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

const h = escapeHtml;
/** A number from the report, as text (never markup, whatever the value is). */
const num = (n: unknown) => h(String(n));

/** A finding code linked to its section of docs/rules.md; anything not shaped like a code stays text. */
export function ruleLink(code: string): string {
  return CODE_SHAPE.test(code) ? `<a href="${RULES_DOC_URL}#${code}">${code}</a>` : `<code>${h(code)}</code>`;
}

function row(label: string, valueHtml: string): string {
  return `<tr><th scope="row">${label}</th><td>${valueHtml}</td></tr>`;
}

function when(iso: string): string {
  return h(iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'));
}

function daysLeft(iso: string, now: Date | undefined): string {
  if (!now) return '';
  const ms = Date.parse(iso) - now.getTime();
  if (!Number.isFinite(ms)) return '';
  const days = Math.floor(Math.abs(ms) / 86_400_000);
  return ms < 0 ? ` <span class="bad">(expired ${days} day${days === 1 ? '' : 's'} ago)</span>` : ` (${days} day${days === 1 ? '' : 's'} left)`;
}

function chainHtml(c: ChainEntry, i: number, now: Date | undefined): string {
  const flags = [i === 0 ? 'server certificate' : c.isCA ? 'CA' : 'certificate', ...(c.selfSigned ? ['self-signed'] : [])];
  return [
    `<li><h3>${i}: ${h(c.subject || '(empty subject)')} <span class="muted">${h(flags.join(', '))}</span></h3>`,
    '<table class="fields">',
    row('Names', c.names.length ? h(listSome(c.names, 50)) : '<span class="muted">none (no subjectAltName)</span>'),
    row('Issuer', h(c.issuer)),
    row('Valid', `${when(c.notBefore)} to ${when(c.notAfter)}${daysLeft(c.notAfter, now)}`),
    row('Key', `${h(c.key)}, ${h(c.signatureAlgorithm)}`),
    row('SHA-256', `<code class="wrap">${h(c.fingerprint256)}</code>`),
    '</table></li>',
  ].join('\n');
}

function transcriptHtml(r: ProbeReport): string {
  const rows: string[] = [];
  let handshakeShown = false;
  const handshake = r.tlsVersion ? `<tr class="event"><td></td><td></td><td colspan="2">TLS handshake: ${h(r.tlsVersion)}, ${h(r.cipher ?? 'unknown cipher')}${r.timings.handshakeMs !== null ? ` (${num(r.timings.handshakeMs)} ms)` : ''}</td></tr>` : '';
  const line = (t: TranscriptEntry) =>
    `<tr class="${t.from === 'client' ? 'client' : 'server'}"><td class="ms">${num(t.ms)} ms</td><td>${t.tls ? 'TLS' : ''}</td><td>${t.from === 'client' ? 'C:' : 'S:'}</td><td><code>${h(t.line)}</code></td></tr>`;
  for (const t of r.transcript) {
    if (t.tls && !handshakeShown && handshake) {
      rows.push(handshake);
      handshakeShown = true;
    }
    rows.push(line(t));
  }
  if (handshake && !handshakeShown) rows.push(handshake);
  if (r.injection) rows.push(`<tr class="event bad"><td></td><td></td><td colspan="2">${num(r.injection.bytes)} byte(s) after the 220 to STARTTLS, thrown away: <code>${h(r.injection.preview)}</code></td></tr>`);
  if (r.error) rows.push(`<tr class="event bad"><td class="ms">${num(r.timings.totalMs)} ms</td><td></td><td colspan="2">${h(r.error.message)}</td></tr>`);
  if (rows.length === 0) return '<p class="muted">Nothing was exchanged.</p>';
  return `<table class="transcript">\n${rows.join('\n')}\n</table>`;
}

/** The page's style sheet, shared with the DNS report (core/dns/report-html.ts). */
const REPORT_STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #333); padding: 0 20px 20px; line-height: 1.45; }
h1 { font-size: 1.1em; font-weight: normal; margin: 16px 0 4px; }
h2 { font-size: 1.05em; margin: 22px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 3px; }
h3 { font-size: 1em; margin: 10px 0 4px; overflow-wrap: anywhere; }
.verdict { font-size: 1.25em; padding: 10px 14px; border-left: 5px solid; margin: 12px 0; overflow-wrap: anywhere; }
.accept { border-color: var(--vscode-testing-iconPassed, #388a34); }
.refuse { border-color: var(--vscode-errorForeground, #e51400); }
.unfinished { border-color: var(--vscode-editorWarning-foreground, #bf8803); }
.muted { color: var(--vscode-descriptionForeground, #717171); font-weight: normal; }
.bad { color: var(--vscode-errorForeground, #e51400); }
table { border-collapse: collapse; }
th { text-align: left; font-weight: 600; padding: 2px 14px 2px 0; vertical-align: top; white-space: nowrap; }
td { padding: 2px 10px 2px 0; vertical-align: top; overflow-wrap: anywhere; }
code { font-family: var(--vscode-editor-font-family, monospace); white-space: pre-wrap; overflow-wrap: anywhere; }
.transcript td.ms { text-align: right; color: var(--vscode-descriptionForeground, #717171); white-space: nowrap; }
.transcript tr.client code { color: var(--vscode-textLink-foreground, #006ab1); }
.transcript tr.event td { font-style: italic; }
ol.chain { padding-left: 0; list-style: none; }
ul.problems { padding-left: 18px; }
ul.problems li { margin: 4px 0; overflow-wrap: anywhere; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 0.8em; margin-right: 4px; }
.sev.error { color: var(--vscode-errorForeground, #e51400); }
.sev.warning { color: var(--vscode-editorWarning-foreground, #bf8803); }
a { color: var(--vscode-textLink-foreground, #006ab1); }
`;

/** The nonce (letters and digits only, at least 16) and the policy that admits only the style it marks. */
function reportCsp(given: string): { nonce: string; csp: string } {
  const nonce = given.replace(/[^A-Za-z0-9]/g, '');
  if (nonce.length < 16) throw new Error('a report page needs a nonce of at least 16 letters and digits');
  return { nonce, csp: `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; script-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'` };
}

/** A report page: the title and body (HTML, escaped by the caller), the style, and a policy that admits nothing else. */
export function reportPage(givenNonce: string, titleHtml: string, bodyHtml: string): string {
  const { nonce, csp } = reportCsp(givenNonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${titleHtml}</title>
<style nonce="${nonce}">${REPORT_STYLE}</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}

/** The whole page. */
export function probeReportHtml(r: ProbeReport, options: HtmlReportOptions): string {
  const hostShown = r.host.includes(':') ? `[${r.host}]` : r.host;
  const port = num(r.port);
  const outcome = r.outcome === 'accept' || r.outcome === 'refuse' ? r.outcome : 'unfinished';
  const at = r.address && r.address !== r.host ? ` (${h(r.address)})` : '';
  const mode = r.mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS';
  const tls: string[] = [];
  tls.push(row('Server', `${h(hostShown)} port ${port}${at}, ${mode}`));
  tls.push(row('SNI sent', r.servername ? h(r.servername) : '<span class="muted">none</span>'));
  tls.push(row('Checked for', h(r.hostnames.join(', '))));
  tls.push(row('TLS version', r.tlsVersion ? h(r.tlsVersion) : '<span class="muted">no TLS session</span>'));
  if (r.cipher) tls.push(row('Cipher', h(r.cipher)));
  if (r.keyExchange) tls.push(row('Key exchange', h(r.keyExchange)));
  if (r.timings.handshakeMs !== null) tls.push(row('Handshake', `${num(r.timings.handshakeMs)} ms`));
  if (r.verdict.trusted !== null) tls.push(row('Trusted', r.verdict.trusted ? 'yes' : '<span class="bad">no</span>'));
  if (r.verdict.nameMatches !== null) tls.push(row('Name matches', r.verdict.nameMatches ? 'yes' : '<span class="bad">no</span>'));
  if (r.ehloKeywords.length) tls.push(row('EHLO offers', h(listSome(r.ehloKeywords, 30))));
  if (r.submission) tls.push(row('Submission port', 'yes: AUTH PLAIN or LOGIN must be offered inside TLS, and no AUTH before it'));
  const mechanisms = (m: string[]) => (m.length ? h(m.join(' ')) : '<span class="muted">none</span>');
  if (r.auth.beforeTls) tls.push(row('AUTH before TLS', r.submission && r.auth.beforeTls.length ? `<span class="bad">${mechanisms(r.auth.beforeTls)}</span>` : mechanisms(r.auth.beforeTls)));
  if (r.auth.afterTls) tls.push(row(r.mode === 'tls' ? 'AUTH inside TLS' : 'AUTH after TLS', mechanisms(r.auth.afterTls)));
  if (r.auth.ignored) tls.push(row('AUTH names ignored', `${num(r.auth.ignored)} <span class="muted">(not of a SASL mechanism's shape)</span>`));
  if (r.error) tls.push(row('Stopped', `<span class="bad">${h(r.error.phase)}: ${ruleLink(r.error.code)}</span>`));
  const chain = r.chain.length
    ? `<p class="muted">${r.chain.length} certificate${r.chain.length === 1 ? '' : 's'}, ${r.chainSource === 'peer-certificate' ? 'in the order Node rebuilt them' : 'in the order the server sent them'}.</p>\n<ol class="chain">\n${r.chain.map((c, i) => chainHtml(c, i, options.now)).join('\n')}\n</ol>`
    : '<p class="muted">The server sent no certificate (no TLS session was established).</p>';
  const problems = r.verdict.problems.length
    ? `<ul class="problems">\n${r.verdict.problems.map((p) => `<li><span class="sev ${p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'hint'}">${p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'hint'}</span> ${ruleLink(p.code)}: ${h(p.message)}</li>`).join('\n')}\n</ul>`
    : '<p>None.</p>';
  return reportPage(options.nonce, `Probe of ${h(hostShown)}:${port}`, `<h1>Probe of ${h(hostShown)} port ${port}</h1>
<p class="verdict ${outcome}" id="verdict">${h(r.sentence)}</p>
<h2>TLS</h2>
<table class="fields">
${tls.join('\n')}
</table>
<h2>Chain as sent</h2>
${chain}
<h2>Problems</h2>
${problems}
<h2>Dialogue</h2>
${transcriptHtml(r)}
<p class="muted">Total ${num(r.timings.totalMs)} ms. The probe sends only EHLO, STARTTLS and QUIT: never AUTH, MAIL or RCPT.</p>`);
}
