// The roots a strict public client trusts (Node's copy of the Mozilla store), plus an extra PEM
// text (the contents of --ca-file). The combined list is frozen and kept per extra text, so that
// the certificate core parses it once (trust-store.ts memoises frozen arrays).

import * as tls from 'node:tls';

const MAX_KEPT = 8;
const kept = new Map<string, readonly string[]>();

export function trustedRoots(extraPem?: string): readonly string[] {
  if (!extraPem) return tls.rootCertificates;
  let roots = kept.get(extraPem);
  if (!roots) {
    roots = Object.freeze([...tls.rootCertificates, extraPem]);
    if (kept.size >= MAX_KEPT) kept.clear();
    kept.set(extraPem, roots);
  }
  return roots;
}
