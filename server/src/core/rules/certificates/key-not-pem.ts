// key-not-pem: the key file holds no readable PEM private key (DER, some other format, a damaged block).

import { conversionHint, describeFormat } from '../../tls/file-format';
import { where } from '../../tls/findings';
import type { CertificateRule } from '../rule';

export const keyNotPemRule: CertificateRule = {
  code: 'key-not-pem',
  severity: 'error',
  why: 'Postfix reads keys only in PEM form: it cannot load the key and disables TLS.',
  evidence: 'certificate',
  check(e) {
    const at = { code: 'key-not-pem', severity: 'error' as const, target: 'key' as const };
    if (e.kind === 'unusable-key' && !e.encrypted) {
      return [{ ...at, path: e.path, line: e.line, message: `The private key at ${where(e.path, e.line)} ${e.damage}. Postfix cannot load it and disables TLS.` }];
    }
    // A key file without PEM blocks that is not empty (an empty one is key-mismatch: there is no key).
    if (e.kind !== 'no-key' || e.in !== 'key-file' || e.blocks.length > 0 || !e.format || e.format.kind === 'empty') return [];
    const { path, format } = e;
    if (format.kind === 'der-private-key' && !format.encrypted) {
      return [{ ...at, path, message: `${path} is a private key in binary DER form; Postfix reads keys only in PEM form. Convert it: openssl pkey -inform DER -in ${path} -out ${path}.pem` }];
    }
    const hint = conversionHint(format, path);
    return [{ ...at, path, message: `${path} is ${describeFormat(format).replace(/, not (a )?PEM( certificate)?$/, '')}, not a PEM private key ("-----BEGIN PRIVATE KEY-----").${hint ? ' ' + hint : ''}` }];
  },
};
