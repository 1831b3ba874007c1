// postfixLens/certificateSummary: the worst server-certificate verdict of a main.cf/master.cf pair
// in a word or two, for the status bar. Made from the findings the diagnostics already show (same
// certificate checks, same cache, same severity settings), so the status bar and the Problems panel
// never disagree. Client certificates (smtp_tls_*, lmtp_tls_*) do not count: the status bar speaks
// of what clients such as Gmail see.

import type { Finding } from '../core/types';
import type { CheckedTarget } from '../io/certificate-checks';
import { CertificateSummaryRequest, type CertificateSummary } from '../protocol';
import type { Connection } from 'vscode-languageserver';
import { safely } from './safe';
import type { ConfigWorkspace } from './workspace';

/** Worst first: the words for each code. Unlisted codes come after these, as their code. */
const WORDS: [code: string, text: string][] = [
  ['tls-disabled', 'TLS off'],
  ['cert-file-missing', 'Certificate missing'],
  ['key-file-missing', 'Key missing'],
  ['cert-expired', 'Expired'],
  ['cert-not-yet-valid', 'Not yet valid'],
  ['cert-self-signed', 'Self-signed'],
  ['cert-name-mismatch', 'Name mismatch'],
  ['cert-chain-incomplete', 'Chain incomplete'],
  ['cert-untrusted', 'Untrusted'],
  ['key-mismatch', 'Key mismatch'],
  ['cert-chain-order', 'Chain order'],
  ['cert-not-pem', 'Not PEM'],
  ['key-not-pem', 'Key not PEM'],
  ['key-encrypted', 'Key encrypted'],
  ['cert-weak-key', 'Weak key'],
  ['cert-weak-signature', 'Weak signature'],
  ['cert-not-for-server', 'Not for servers'],
  ['cert-file-unreadable', 'Unreadable'],
];
const RANK = new Map(WORDS.map(([code], i) => [code, i]));
const DAY_MS = 86_400_000;
const CLICK = 'Click to probe the live server.';

const isClientSide = (f: Finding) => /^(smtp|lmtp)_tls_/.test(f.name ?? '');

function wordsFor(f: Finding, daysLeft: number | null): string {
  if (f.code === 'tls-disabled') return /^TLS is off/.test(f.message) ? 'TLS off' : 'No certificate';
  if (f.code === 'cert-expiring-soon' && daysLeft !== null) return daysLeft <= 0 ? 'Expires today' : `Expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  return WORDS.find(([c]) => c === f.code)?.[1] ?? f.code;
}

/** The leaf certificates of the server targets that could be analysed. */
function serverLeaves(checked: readonly CheckedTarget[]): { notAfter: string; hostnames: string[] }[] {
  const out: { notAfter: string; hostnames: string[] }[] = [];
  for (const c of checked) {
    if (c.target.role !== 'server' || !c.report) continue;
    const reports = 'pairs' in c.report ? c.report.pairs : [c.report];
    for (const r of reports) {
      const leaf = r.certificates[0];
      if (leaf) out.push({ notAfter: leaf.notAfter, hostnames: c.target.hostnames });
    }
  }
  return out;
}

/**
 * Pure: the summary of a pair's findings (configuration and certificate findings, severity settings
 * applied) and of the certificate checks' targets.
 */
export function summarize(findings: readonly Finding[], checked: readonly CheckedTarget[], now: Date): CertificateSummary {
  const leaves = serverLeaves(checked);
  const soonest = leaves.length ? Math.min(...leaves.map((l) => Date.parse(l.notAfter))) : null;
  const daysLeft = soonest === null ? null : Math.ceil((soonest - now.getTime()) / DAY_MS);
  const relevant = findings.filter((f) => (f.code === 'tls-disabled' || RANK.has(f.code) || f.code.startsWith('cert-') || f.code.startsWith('key-')) && !isClientSide(f));
  const bySeverity = (s: Finding['severity']) =>
    relevant.filter((f) => f.severity === s).sort((a, b) => (RANK.get(a.code) ?? WORDS.length) - (RANK.get(b.code) ?? WORDS.length));
  const errors = bySeverity('error');
  const warnings = bySeverity('warning');
  const worst = errors[0] ?? warnings[0];
  if (worst) {
    const others = errors.length + warnings.length - 1;
    const more = others > 0 ? `\n(${others} more problem${others === 1 ? '' : 's'} in the Problems panel.)` : '';
    return { text: wordsFor(worst, daysLeft), level: worst.severity === 'error' ? 'error' : 'warning', code: worst.code, tooltip: `postfix-lens: ${clip(worst.message)}${more}\n${CLICK}` };
  }
  const servers = checked.filter((c) => c.target.role === 'server');
  if (servers.length === 0) {
    return { text: 'TLS off', level: 'off', code: null, tooltip: `postfix-lens: no server certificate is configured, so smtpd offers no STARTTLS and clients such as Gmail cannot use TLS. Set smtpd_tls_chain_files (or smtpd_tls_cert_file and smtpd_tls_key_file).\n${CLICK}` };
  }
  if (leaves.length === 0) {
    return { text: 'Not checked', level: 'unknown', code: null, tooltip: `postfix-lens could not read the server certificate (see the information in the Problems panel).\n${CLICK}` };
  }
  const names = [...new Set(leaves.flatMap((l) => l.hostnames))];
  const until = new Date(soonest!).toISOString().slice(0, 10);
  return {
    text: 'TLS ok',
    level: 'ok',
    code: null,
    tooltip: `postfix-lens found no problem with the server certificate${leaves.length === 1 ? '' : 's'} for ${names.join(', ') || 'this server'}: valid until ${until} (${daysLeft} day${daysLeft === 1 ? '' : 's'}).\n${CLICK}`,
  };
}

function clip(s: string, max = 600): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

export async function certificateSummary(workspace: ConfigWorkspace, uri: string): Promise<CertificateSummary | null> {
  const r = workspace.analyze(uri);
  if (!r) return null;
  const checks = await workspace.certificateChecks(r);
  const certFindings = await workspace.certificateFindings(r, checks);
  return summarize([...r.findings, ...certFindings], checks.checked, new Date());
}

export function registerCertificateSummary(connection: Connection, workspace: ConfigWorkspace): void {
  connection.onRequest(
    CertificateSummaryRequest.type,
    safely(connection, 'certificate summary', null, (p) => (typeof p?.uri === 'string' ? certificateSummary(workspace, p.uri) : null)),
  );
}
