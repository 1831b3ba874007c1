// The dates of every certificate of the path, for cert-expired, cert-not-yet-valid and
// cert-expiring-soon: an expired intermediate breaks the chain as surely as an expired leaf. For a
// trusted root only expiry is reported (the admin cannot renew a root, but clients refuse it all the
// same). Each certificate is in at most one of the three states.

import { day, nameOf, where } from '../../tls/findings';
import { nameForMessage } from '../../config/quote';
import type { CertificateFinding } from '../../tls/findings';
import type { CertificateInfo } from '../../tls/certificate-info';
import type { ChainEvidence } from './chain-evidence';

const DAY_MS = 86_400_000;

export type ValidityState = 'expired' | 'not-yet-valid' | 'expiring-soon';

/** The finding of each certificate of the path in `state`, in path order (leaf first). */
export function validityFindings({ chain, now, expiryWarningDays }: ChainEvidence, state: ValidityState): CertificateFinding[] {
  const out: CertificateFinding[] = [];
  chain.path.forEach((link, depth) => {
    const info = link.source === 'file' ? link.cert.info : undefined;
    const x = link.source === 'file' ? link.cert.x509 : link.anchor.x509;
    const notBefore = info ? Date.parse(info.notBefore) : Date.parse(x.validFrom);
    const notAfter = info ? Date.parse(info.notAfter) : Date.parse(x.validTo);
    const what = depth === 0 ? 'The certificate' : link.source === 'root' ? 'The trusted root' : 'The intermediate certificate';
    const name = info ? nameOf(info) : `"${nameForMessage(x.subject.split('\n').join(', '), 200)}"`;
    const loc = link.source === 'file' ? { path: link.cert.path, line: link.cert.info.line } : {};
    const tail = depth === 0 ? '' : ' The whole chain is refused.';
    const at = link.source === 'file' ? ` (${where(link.cert.path, link.cert.info.line)})` : '';
    if (notAfter < now.getTime()) {
      if (state !== 'expired') return;
      const ago = Math.floor((now.getTime() - notAfter) / DAY_MS);
      out.push({ code: 'cert-expired', severity: 'error', target: 'cert', ...loc, message: `${what} ${name}${at} expired on ${day(iso(notAfter))}${ago > 0 ? `, ${ago} day${ago === 1 ? '' : 's'} ago` : ''}. Clients refuse expired certificates.${tail} ${renew(depth, info)}` });
    } else if (notBefore > now.getTime()) {
      if (state !== 'not-yet-valid') return;
      const days = Math.ceil((notBefore - now.getTime()) / DAY_MS);
      out.push({ code: 'cert-not-yet-valid', severity: 'error', target: 'cert', ...loc, message: `${what} ${name}${at} is not valid before ${iso(notBefore).replace('.000Z', 'Z')} (in ${days} day${days === 1 ? '' : 's'}). Clients refuse it until then; check the server clock, or wait.${tail}` });
    } else if (link.source === 'file' && notAfter - now.getTime() < expiryWarningDays * DAY_MS) {
      if (state !== 'expiring-soon') return;
      const days = Math.ceil((notAfter - now.getTime()) / DAY_MS);
      out.push({ code: 'cert-expiring-soon', severity: 'warning', target: 'cert', ...loc, message: `${what} ${name}${at} expires on ${day(iso(notAfter))}, in ${days} day${days === 1 ? '' : 's'}. ${renew(depth, info)}` });
    }
  });
  return out;
}

function renew(depth: number, info: CertificateInfo | undefined): string {
  if (depth === 0) return 'Renew it (for example `certbot renew`) and run `postfix reload`.';
  if (info) return 'Replace it with the current intermediate from your CA (with certbot: use fullchain.pem).';
  return '';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
