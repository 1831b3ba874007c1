// Lays out the E2E workspace: a copy of examples/ plus a freshly generated self-signed certificate for the
// wrong name (other.example.org, while main.cf's myhostname is mail.example.com), which main.cf's
// smtpd_tls_cert_file/smtpd_tls_key_file then name by absolute path. The certificate is generated on every
// run, so it never expires in a checkout; openssl gets its arguments as an array (no shell).
//
// With --demo it lays out the folder of the README's animation instead: a certbot-like tls/ folder
// (cert.pem, chain.pem, fullchain.pem, privkey.pem for mail.example.com, issued by an intermediate of
// a private root CA that the folder's .vscode/settings.json trusts through postfixLens.extraCaFile)
// and a main.cf that names fullchain.pem: no finding until cert.pem is typed in its place.
// Usage: node e2e/make-workspace.mjs [--demo] <empty-or-new-folder>
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const demo = args[0] === '--demo';
const dest = args[demo ? 1 : 0] ? resolve(args[demo ? 1 : 0]) : undefined;
if (!dest) {
  console.error('usage: node e2e/make-workspace.mjs [--demo] <folder>');
  process.exit(2);
}
const CERT_NAME = 'other.example.org';

if (demo) {
  makeDemo(dest);
  process.exit(0);
}

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

/** openssl req with an empty configuration: every extension comes from -addext, none from openssl.cnf. */
function req(dir, args) {
  execFileSync('openssl', ['req', '-config', join(dir, 'req.cnf'), '-x509', '-newkey', 'rsa:2048', '-nodes', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeDemo(dir) {
  const tls = join(dir, 'tls');
  mkdirSync(tls, { recursive: true });
  writeFileSync(join(tls, 'req.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  req(tls, ['-days', '3650', '-subj', '/O=Example Mail CA/CN=Example Mail Root CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash',
    '-keyout', 'ca.key', '-out', 'ca.pem']);
  req(tls, ['-days', '1000', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-subj', '/O=Example Mail CA/CN=Example Mail Intermediate R1',
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash', '-addext', 'authorityKeyIdentifier=keyid', '-keyout', 'chain.key', '-out', 'chain.pem']);
  req(tls, ['-days', '90', '-CA', 'chain.pem', '-CAkey', 'chain.key', '-subj', '/CN=mail.example.com',
    '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext', 'extendedKeyUsage=serverAuth', '-addext', 'subjectAltName=DNS:mail.example.com', '-addext', 'authorityKeyIdentifier=keyid',
    '-keyout', 'privkey.pem', '-out', 'cert.pem']);
  writeFileSync(join(tls, 'fullchain.pem'), readFileSync(join(tls, 'cert.pem'), 'utf8') + readFileSync(join(tls, 'chain.pem'), 'utf8'));
  for (const f of ['ca.key', 'chain.key', 'req.cnf']) rmSync(join(tls, f));
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({
    'postfixLens.extraCaFile': join(tls, 'ca.pem'),
    'files.exclude': { '.vscode': true },
  }, null, 2) + '\n');
  writeFileSync(join(dir, 'main.cf'), [
    '# Gmail\'s "Send mail as" needs the certificate with its intermediate: fullchain.pem.',
    'myhostname = mail.example.com',
    'smtpd_tls_security_level = may',
    'smtpd_tls_key_file = $config_directory/tls/privkey.pem',
    'smtpd_tls_cert_file = $config_directory/tls/fullchain.pem',
    '',
  ].join('\n'));
  console.log(`demo workspace ${dir}: main.cf + tls/ (mail.example.com under a private CA trusted by .vscode/settings.json)`);
}
