// Hover on a certificate or key setting (smtpd_tls_cert_file, …_key_file, …_chain_files, in main.cf
// or as a master.cf -o): the files it makes Postfix load, every certificate in them (subject, names,
// issuer, validity and days left, key, SHA-256 fingerprint, self-signed or not), the chain, and for
// each host name clients use whether Gmail would accept the certificate. Built from the results of
// the certificate checks (the caller passes them; nothing is read here). Everything that comes from a
// certificate is attacker-controlled and escaped.

import type { CertificateReport } from '../tls/analyze';
import type { CertificateInfo } from '../tls/certificate-info';
import type { ChainFilesReport } from '../tls/chain-files';
import type { CertificateTarget, Location } from '../tls/config-targets';
import type { HostVerdict } from '../tls/evaluate';
import { md } from '../markdown';
import { contains, type Setting } from '../navigation/at-position';

/** The result of checking one target, as io/certificate-checks.ts returns it. */
export interface CheckedCertificateTarget {
  target: CertificateTarget;
  report?: CertificateReport | ChainFilesReport;
  failures: { path: string; result: { message: string } }[];
  /** Left unread: the check had read as many files as it reads (cert-not-checked). */
  notChecked?: boolean;
}

const MAX_TARGETS = 4;
const MAX_CERTIFICATES = 4;
const MAX_NAMES = 20;
const DAY_MS = 86_400_000;

/** Settings whose value names certificate or key files. */
export function isCertificateSetting(name: string): boolean {
  return /_tls_(cert|key|eccert|eckey|dcert|dkey)_file$|_tls_chain_files$/.test(name);
}

/** The location is in this setting (the same file, parameter and written range). */
export function at(loc: Location | undefined, s: Setting): boolean {
  return !!loc && loc.file === s.file && loc.param === s.name && contains(s.range, loc.range.start);
}

/** The checked targets whose certificate or key comes from this setting. */
export function targetsOfSetting(checked: readonly CheckedCertificateTarget[], s: Setting): CheckedCertificateTarget[] {
  return checked.filter((c) => at(c.target.certAt, s) || at(c.target.keyAt, s));
}

function names(items: readonly string[]): string {
  if (items.length === 0) return '*none*';
  const shown = items.slice(0, MAX_NAMES).map((n) => md(n, 200));
  return items.length > MAX_NAMES ? `${shown.join(', ')} and ${items.length - MAX_NAMES} more` : shown.join(', ');
}

function validity(info: CertificateInfo, now: Date): string {
  const from = Date.parse(info.notBefore);
  const until = Date.parse(info.notAfter);
  const span = `${md(info.notBefore.slice(0, 10))} to ${md(info.notAfter.slice(0, 10))}`;
  if (Number.isNaN(from) || Number.isNaN(until)) return span;
  if (now.getTime() < from) return `${span} (**not valid yet**: starts in ${Math.ceil((from - now.getTime()) / DAY_MS)} days)`;
  const left = Math.floor((until - now.getTime()) / DAY_MS);
  if (until < now.getTime()) return `${span} (**expired** ${Math.max(1, -left)} days ago)`;
  return `${span} (${left} ${left === 1 ? 'day' : 'days'} left)`;
}

function keyText(info: CertificateInfo): string {
  const size = info.curve ?? (info.keySize ? `${info.keySize} bits` : '');
  return md(`${info.keyAlgorithm}${size ? ` ${size}` : ''}`);
}

function isSelfSigned(info: CertificateInfo): boolean {
  return info.subject === info.issuer && (!info.authorityKeyId || !info.subjectKeyId || info.authorityKeyId === info.subjectKeyId);
}

function certificate(info: CertificateInfo, served: boolean, position: number, total: number, now: Date): string {
  const title = `**Certificate ${position} of ${total}**${served ? ' (the one Postfix serves)' : info.isCA ? ' (a CA certificate of the chain)' : ''}`;
  return [
    title,
    `- Subject: ${info.subject ? md(info.subject) : '*empty*'}`,
    `- Names (subjectAltName): ${names([...info.dnsNames, ...info.ipAddresses])}`,
    `- Issuer: ${info.issuer ? md(info.issuer) : '*empty*'}`,
    `- Valid: ${validity(info, now)}`,
    `- Key: ${keyText(info)}`,
    `- SHA-256: ${md(info.fingerprintSha256)}`,
    `- Self-signed: ${isSelfSigned(info) ? 'yes' : 'no'}`,
  ].join('\n');
}

function chainText(r: CertificateReport): string | null {
  const c = r.chain;
  if (!c) return null;
  const path = c.path.map((l) => `${md(l.subject || '(no subject)', 200)}${l.source === 'root' ? ' (trusted root)' : ''}`).join(' → ');
  switch (c.status) {
    case 'trusted':
      return `Chain: **trusted**: ${path}`;
    case 'self-signed':
      return 'Chain: **self-signed**: no certificate authority vouches for it, and Gmail never trusts it.';
    case 'incomplete':
      return `Chain: **incomplete**: the issuer of ${path} is neither in the file nor a trusted root (the intermediate certificate is missing).`;
    default:
      return `Chain: **untrusted**: ${path} does not reach a trusted root.`;
  }
}

function report(r: CertificateReport, now: Date): string[] {
  const out: string[] = [];
  const served = r.chain?.path[0]?.source === 'file' ? r.chain.path[0].index : 0;
  const total = r.certificates.length;
  r.certificates.slice(0, MAX_CERTIFICATES).forEach((info, i) => out.push(certificate(info, info.index === served, i + 1, total, now)));
  if (total > MAX_CERTIFICATES) out.push(`and ${total - MAX_CERTIFICATES} more certificates in the file`);
  if (r.keyType) out.push(`Private key: ${md(r.keyType)}`);
  const chain = chainText(r);
  if (chain) out.push(chain);
  return out;
}

function verdicts(list: readonly HostVerdict[]): string | null {
  if (list.length === 0) return null;
  return list
    .map((v) =>
      v.accepted
        ? `- Gmail would accept this for ${md(v.hostname, 200)}.`
        : `- Gmail would **not** accept this for ${md(v.hostname, 200)}: ${md(v.reason, 600)}`,
    )
    .join('\n');
}

function targetSection(c: CheckedCertificateTarget, now: Date): string {
  const t = c.target;
  const out: string[] = [];
  const who = t.role === 'server' ? 'Server certificate' : 'Client certificate (presented by the SMTP client; checked for readability and key match only)';
  const services = t.services.length === 1 && t.services[0] === 'main.cf' ? 'the SMTP server (no master.cf beside main.cf)' : t.services.map((s) => md(s)).join(', ');
  out.push(`#### ${who} for ${services}`);
  if (t.kind === 'chain') {
    const more = (t.listed ?? 0) - (t.chainPaths?.length ?? 0);
    out.push(`Files, in the order Postfix reads them: ${(t.chainPaths ?? []).map((p) => md(p)).join(', ')}${more > 0 ? `, and ${more} more not read (cert-not-checked)` : ''}`);
  }
  else out.push(`Certificate file: ${md(t.certPath ?? '')}\n\nKey file: ${t.keyPath ? md(t.keyPath) : 'the same file (no separate key file is set)'}`);
  if (c.notChecked) out.push('Not read: the settings before this one name as many certificate files as postfix-lens reads in one check (cert-not-checked).');
  for (const f of c.failures) out.push(`Could not read ${md(f.path)}: ${md(f.result.message, 600)}`);
  const r = c.report;
  if (r) {
    if ('pairs' in r) {
      r.pairs.slice(0, 3).forEach((p, i) => {
        out.push(`**Key and certificate group ${i + 1} of ${r.pairs.length}**`);
        out.push(...report(p, now));
      });
    } else out.push(...report(r, now));
    const v = verdicts(r.verdicts);
    if (v) out.push(v);
  }
  return out.join('\n\n');
}

/**
 * The certificate part of the hover on a setting: `expanded` is the setting's value after $name
 * expansion (shown even when no service loads it).
 */
export function certificateHover(setting: Setting, checked: readonly CheckedCertificateTarget[], expanded: string | null, now: Date): string {
  const mine = targetsOfSetting(checked, setting);
  const out: string[] = [];
  if (expanded !== null && expanded !== setting.value) out.push(`${md(setting.name)} expands to ${md(expanded)}`);
  if (mine.length === 0) {
    out.push(`No Postfix service loads a certificate through this ${md(setting.name)} (${setting.scope ? 'this service does not use it' : 'every service that would use it overrides it, sets it only through a default, or no such service is in master.cf'}).`);
    return out.join('\n\n');
  }
  for (const c of mine.slice(0, MAX_TARGETS)) out.push(targetSection(c, now));
  if (mine.length > MAX_TARGETS) out.push(`and ${mine.length - MAX_TARGETS} more services`);
  return out.join('\n\n');
}
