// A certificate signing request for the names a mail server answers to: the pure part of
// "Postfix: Create a key and certificate signing request". The key is made by the caller (Node's
// native generator: node-forge's pure-JavaScript RSA generation takes seconds and would block the
// language server); this file checks the names, builds the CSR PEM with node-forge's pki layer
// (fine here: the key is always RSA, the one type that layer reads), names the files and writes
// the next steps.
//
// Contract: every name is a DNS name (IDNA turned into A-labels, lower case, no trailing dot; a
// wildcard only as the whole left-most label) or an IP address; all become subjectAltNames in the
// given order, and the first one that fits (64 characters, RFC 5280's ub-common-name) is the CN.

import forge from 'node-forge';
import { escapeMarkdown } from '../markdown';
import { normalizeHostname } from './host-match';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAMES = 100;

export interface CheckedNames {
  /** Normalised, without repeats, in the order given. */
  names: string[];
  /** One sentence per refused name. */
  problems: string[];
}

/** Normalise and check the names a CSR is for; refused names are left out with a reason. */
export function checkCsrNames(input: readonly string[]): CheckedNames {
  const names: string[] = [];
  const problems: string[] = [];
  for (const raw of input) {
    const text = raw.trim();
    if (!text) continue;
    const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    const wildcard = text.startsWith('*.');
    const h = normalizeHostname(wildcard ? text.slice(2) : text);
    let name: string | undefined;
    // domainToASCII() reads "x/../y" as a URL and answers "x": refuse URL syntax before it.
    if (h.kind === 'dns' && /[^\p{L}\p{M}\p{N}.*_-]/u.test(text)) problems.push(`${shown} is not a host name.`);
    else if (h.invalid) problems.push(`${shown} ${h.invalid}.`);
    else if (h.kind !== 'dns') {
      if (wildcard) problems.push(`${shown}: a wildcard cannot stand for part of an IP address.`);
      else name = h.ascii;
    } else {
      const labels = h.ascii.split('.');
      if (h.ascii.length > 253 - (wildcard ? 2 : 0) || !labels.every((l) => LABEL.test(l))) {
        problems.push(`${shown} is not a host name (letters, digits and hyphens, in dot-separated labels of at most 63 characters).`);
      } else if (wildcard && labels.length < 2) {
        problems.push(`${shown}: a wildcard needs at least two labels after "*." (CAs refuse *.com).`);
      } else name = wildcard ? `*.${h.ascii}` : h.ascii;
    }
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  if (names.length > MAX_NAMES) {
    problems.push(`${names.length} names are more than a certificate should carry; only the first ${MAX_NAMES} are kept.`);
    names.length = MAX_NAMES;
  }
  return { names, problems };
}

/**
 * The CSR, as PEM ("CERTIFICATE REQUEST"), signed with SHA-256 by the key. `keyPem` is an RSA
 * private key (PKCS#8 or PKCS#1 PEM); `names` come from checkCsrNames(). Throws an Error when the
 * key is not an unencrypted RSA key or there is no name.
 */
export function buildCsrPem(keyPem: string, names: readonly string[]): string {
  if (names.length === 0) throw new Error('a certificate signing request needs at least one name');
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  if (!key || !key.n || !key.e) throw new Error('the key is not an RSA private key');
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cn = names.find((n) => n.length <= 64);
  // UTF8String: PrintableString has no "*" for a wildcard name.
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  csr.setSubject(cn ? [{ name: 'commonName', value: cn, valueTagClass: utf8 }] : []);
  const altNames = names.map((n) => (normalizeHostname(n).kind === 'dns' ? { type: 2, value: n } : { type: 7, ip: n }));
  csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames }] }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr).replace(/\r\n/g, '\n');
}

/** The file name stem for a name: "mail.example.com", "wildcard.example.com", "2001-db8--1". */
export function csrFileStem(name: string): string {
  const stem = name.replace(/^\*\./, 'wildcard.').replace(/:/g, '-').replace(/[^A-Za-z0-9.-]/g, '_');
  return stem.replace(/^\.+/, '') || 'postfix';
}

/** "name.key" and "name.csr" for attempt 0, then "name-1.key"..., for never overwriting a file. */
export function csrFileNames(stem: string, attempt: number): { key: string; csr: string } {
  const base = attempt === 0 ? stem : `${stem}-${attempt}`;
  return { key: `${base}.key`, csr: `${base}.csr` };
}

export interface NextStepsInput {
  keyPath: string;
  csrPath: string;
  /** Where fullchain.pem should go (beside the key). */
  fullchainPath: string;
  names: readonly string[];
  bits: number;
}

/** A block of shell or configuration text that stays literal whatever the paths contain. */
function fenced(lang: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Shell quoting for a path in a command to copy: single quotes, ' as '\''. */
function sh(p: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** Markdown: what to do with the key and the CSR, up to `postfix reload`. Paths are escaped. */
export function csrNextSteps(i: NextStepsInput): string {
  const wildcard = i.names.some((n) => n.startsWith('*.'));
  const certbot = [
    `certbot certonly ${wildcard ? '--manual --preferred-challenges dns' : '--standalone'} --csr ${sh(i.csrPath)} \\`,
    `  --fullchain-path ${sh(i.fullchainPath)} \\`,
    `  --cert-path ${sh(i.fullchainPath.replace(/fullchain\.pem$/, 'cert.pem'))} --chain-path ${sh(i.fullchainPath.replace(/fullchain\.pem$/, 'chain.pem'))}`,
  ].join('\n');
  return [
    `# Next steps: a certificate for ${escapeMarkdown(i.names.join(', '))}`,
    '',
    'postfix-lens wrote:',
    '',
    `- the private key (RSA ${i.bits}, readable by its owner only): ${escapeMarkdown(i.keyPath)}. Keep it on this server; never send it to anybody.`,
    `- the certificate signing request for ${escapeMarkdown(i.names.join(', '))}: ${escapeMarkdown(i.csrPath)}`,
    '',
    '## 1. Get the certificate',
    '',
    `Send the request (the .csr file, not the key) to a certificate authority, or let an ACME client such as certbot do it${wildcard ? ' (a wildcard name needs the DNS challenge)' : ' (every name must point at this server, with port 80 reachable)'}:`,
    '',
    fenced('sh', certbot),
    '',
    'Keep the certificate together with its intermediates, server certificate first: that is fullchain.pem. A certificate obtained with `--csr` is not renewed by `certbot renew`: run the same command again before it expires.',
    '',
    '## 2. Point Postfix at the key and the chain',
    '',
    'In main.cf (Postfix 3.4 or later: the key first, then the chain):',
    '',
    fenced('', `smtpd_tls_chain_files = ${i.keyPath}, ${i.fullchainPath}\nsmtpd_tls_security_level = may`),
    '',
    'smtpd_tls_cert_file and smtpd_tls_key_file are then ignored: remove them. Before Postfix 3.4, set `smtpd_tls_cert_file` to the fullchain file and `smtpd_tls_key_file` to the key instead.',
    '',
    '## 3. Reload and check',
    '',
    fenced('sh', 'postfix reload'),
    '',
    'Then run **Postfix: Probe TLS of a mail server** to see what Gmail and other clients now get.',
    '',
  ].join('\n');
}
