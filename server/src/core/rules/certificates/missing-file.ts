// The words of cert-file-missing and key-file-missing: what the missing file stops, and what to name.

import type { CertificateEvidence } from './evidence';

export function missingFileMessage(e: Extract<CertificateEvidence, { kind: 'read-failed' }>): string {
  const stops = e.role === 'server' ? 'smtpd cannot start TLS, so clients (Gmail among them) cannot use STARTTLS.' : 'The SMTP client cannot present its certificate.';
  const fix = e.file === 'key' ? 'Point it at the private key (with certbot: privkey.pem).' : 'Point it at the certificate file (with certbot: fullchain.pem).';
  return `${e.setting} names ${e.path}, which does not exist. ${stops} ${fix}`;
}
