// Lays out the E2E workspace: a copy of examples/ plus a freshly generated self-signed certificate for the
// wrong name (other.example.org, while main.cf's myhostname is mail.example.com), which main.cf's
// smtpd_tls_cert_file/smtpd_tls_key_file then name by absolute path. The certificate is generated on every
// run, so it never expires in a checkout; openssl gets its arguments as an array (no shell).
// Usage: node e2e/make-workspace.mjs <empty-or-new-folder>
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dest = process.argv[2] ? resolve(process.argv[2]) : undefined;
if (!dest) {
  console.error('usage: node e2e/make-workspace.mjs <folder>');
  process.exit(2);
}
const CERT_NAME = 'other.example.org';

mkdirSync(dest, { recursive: true });
cpSync(join(ROOT, 'examples'), dest, { recursive: true });

const cert = join(dest, 'cert.pem');
const key = join(dest, 'key.pem');
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '365',
  '-subj', `/CN=${CERT_NAME}`, '-addext', `subjectAltName=DNS:${CERT_NAME}`,
  '-keyout', key, '-out', cert,
], { stdio: ['ignore', 'ignore', 'pipe'] });

// Point the example's certificate settings at the generated files; every other line stays as it is.
const mainCf = join(dest, 'main.cf');
const lines = readFileSync(mainCf, 'utf8').split('\n');
const replaced = new Set();
const out = lines.map((line) => {
  const m = /^(smtpd_tls_cert_file|smtpd_tls_key_file)\s*=/.exec(line);
  if (!m) return line;
  replaced.add(m[1]);
  return `${m[1]} = ${m[1] === 'smtpd_tls_cert_file' ? cert : key}`;
});
for (const name of ['smtpd_tls_cert_file', 'smtpd_tls_key_file']) {
  if (!replaced.has(name)) throw new Error(`examples/main.cf has no ${name} line to point at the test certificate`);
}
writeFileSync(mainCf, out.join('\n'));
console.log(`workspace ${dest}: examples/ + ${cert} (self-signed, CN and SAN ${CERT_NAME})`);
