// cert-chain-incomplete: the server certificate is alone, without the intermediate that leads to a
// trusted root. Its quick fix: io/certificate-checks.ts looks for a fullchain.pem beside the file
// (the cert.pem-instead-of-fullchain.pem mistake) and attaches it as data.replacement; the fix then
// changes only the file name, so $config_directory or a relative path stays as written.

import { nameOf } from '../../tls/findings';
import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';
import { str, textAt, type Fixes } from '../fix';
import { atLeaf } from './trust-path';

const useFullchain: Fixes = (a, f) => {
  const replacement = str(f.data?.replacement);
  const raw = textAt(a, f.file, f.range);
  if (!replacement || !replacement.startsWith('/') || !raw || raw.includes('\n')) return [];
  const base = replacement.slice(replacement.lastIndexOf('/') + 1);
  const slash = raw.lastIndexOf('/');
  const last = raw.slice(slash + 1);
  const range =
    last && !last.includes('$') && base
      ? { start: { line: f.range.start.line, character: f.range.start.character + slash + 1 }, end: f.range.end }
      : f.range;
  const newText = range === f.range ? replacement : base;
  return [{ title: `Use ${replacement} (the certificate with its chain)`, isPreferred: true, edits: [{ file: f.file, range, newText }] }];
};

export const certChainIncompleteRule: CertificateRule = {
  code: 'cert-chain-incomplete',
  severity: 'error',
  why: 'Clients hold the root certificates, not the intermediates: a server that does not send its intermediate is refused by clients that have not met it before (Gmail among them).',
  evidence: 'certificate',
  check: onChain((ctx) =>
    ctx.chain.status !== 'incomplete'
      ? []
      : [
          {
            code: 'cert-chain-incomplete',
            severity: 'error',
            ...atLeaf(ctx),
            message:
              `The chain is incomplete: the certificate ${nameOf(ctx.leaf.info)} is alone and ${ctx.chain.detail}. ` +
              `Clients that do not already hold that intermediate certificate (Gmail among them) refuse the connection. ` +
              `Point the setting at the full chain (with certbot: fullchain.pem, not cert.pem), or append the intermediate after the certificate.`,
          },
        ],
  ),
  fixes: useFullchain,
  fixExamples: [
    {
      main: 'smtpd_tls_cert_file = $config_directory/live/cert.pem\nsmtpd_tls_key_file = /etc/postfix/live/privkey.pem\n',
      at: '$config_directory/live/cert.pem',
      data: { replacement: '/etc/postfix/live/fullchain.pem', param: 'smtpd_tls_cert_file' },
      title: 'Use /etc/postfix/live/fullchain.pem (the certificate with its chain)',
      after: 'smtpd_tls_cert_file = $config_directory/live/fullchain.pem\nsmtpd_tls_key_file = /etc/postfix/live/privkey.pem\n',
    },
  ],
};
