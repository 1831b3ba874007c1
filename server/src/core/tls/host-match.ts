// Does a certificate cover the name a client connects to? RFC 6125 as strict clients apply it:
// subjectAltName only (never the CN), a wildcard only as the whole left-most label and matching
// exactly one label. OpenSSL (X509Certificate.checkHost/checkIP) decides; this file only prepares
// the name: one trailing dot removed, Unicode names turned into their IDNA A-label form.

import type { X509Certificate } from 'node:crypto';
import { domainToASCII } from 'node:url';

export type HostnameKind = 'dns' | 'ipv4' | 'ipv6';

export interface NormalizedHostname {
  /** The name as the caller gave it. */
  input: string;
  /** What is compared: lower-case A-label DNS name, or the IP literal without brackets. */
  ascii: string;
  kind: HostnameKind;
  /** Set when the name cannot be a host name at all (then nothing matches it). */
  invalid?: string;
}

export function normalizeHostname(input: string): NormalizedHostname {
  let name = input.trim();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (isIPv4(name)) return { input, ascii: name, kind: 'ipv4' };
  if (name.includes(':')) {
    return isIPv6(name) ? { input, ascii: name, kind: 'ipv6' } : { input, ascii: name, kind: 'ipv6', invalid: 'is not a valid IPv6 address' };
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  const ascii = name === '' ? '' : domainToASCII(name);
  if (ascii === '') return { input, ascii: name.toLowerCase(), kind: 'dns', invalid: 'is not a valid host name' };
  return { input, ascii: ascii.toLowerCase(), kind: 'dns' };
}

/** True when the certificate covers the name. Never falls back to the subject CN. */
export function certificateMatches(x509: X509Certificate, host: NormalizedHostname): boolean {
  if (host.invalid) return false;
  try {
    if (host.kind === 'dns') return x509.checkHost(host.ascii, { subject: 'never', partialWildcards: false, wildcards: true, multiLabelWildcards: false }) !== undefined;
    return x509.checkIP(host.ascii) !== undefined;
  } catch {
    return false;
  }
}

function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
}

function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.length > 45) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
