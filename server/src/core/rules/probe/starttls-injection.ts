// starttls-injection: the server sent bytes after its 220 reply to STARTTLS, before the TLS handshake.

import type { ProbeRule } from '../rule';

export const starttlsInjectionRule: ProbeRule = {
  code: 'starttls-injection',
  severity: 'warning',
  why: 'A careless client would read bytes sent before the TLS handshake as if they came inside TLS, which is how STARTTLS injection attacks work.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'injection') return [];
    const { bytes, preview } = e.injection;
    const advice = { because: `it sent ${bytes} byte${bytes === 1 ? '' : 's'} after its 220 reply to STARTTLS, before the TLS handshake`, fix: 'find what rewrites the session (a proxy or a firewall "SMTP inspection") or update the server software' };
    return [
      {
        code: 'starttls-injection',
        severity: 'warning',
        message: `The server sent ${bytes} byte${bytes === 1 ? '' : 's'} after its 220 reply to STARTTLS and before the TLS handshake ("${preview}"). Careful clients (Postfix, this probe) throw them away; a careless client would read them as replies sent inside TLS, which is how STARTTLS injection attacks work. ${capital(advice.fix)}.`,
        advice,
      },
    ];
  },
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
