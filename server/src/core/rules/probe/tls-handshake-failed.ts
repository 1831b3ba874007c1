// tls-handshake-failed: the TLS handshake failed.

import type { ProbeRule } from '../rule';

export const tlsHandshakeFailedRule: ProbeRule = {
  code: 'tls-handshake-failed',
  severity: 'error',
  why: 'No encrypted session, so nothing can be sent.',
  evidence: 'probe',
  check(e) {
    if (e.kind !== 'handshake-failed') return [];
    const { firstBytes, sysCode, detail } = e;
    const plain = firstBytes !== null && firstBytes.length >= 4 && /^[2-5]\d\d[ -]/.test(Buffer.from(firstBytes.subarray(0, 4)).toString('latin1'));
    let why: string;
    if (plain) why = 'the server answered in plain text (an SMTP greeting), not TLS: this port speaks SMTP with STARTTLS, not TLS from the first byte';
    else if (sysCode === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(detail)) why = 'the server closed the connection in the middle of the handshake (look in its mail log for the reason)';
    else if (/wrong version number|unsupported protocol|no protocols available|version too low/i.test(detail)) why = `no TLS version in common (${short(detail)}): the server probably offers only TLS 1.0/1.1; strict clients require TLS 1.2 or later`;
    else if (/handshake failure|no shared cipher/i.test(detail)) why = `no cipher or signature algorithm in common (${short(detail)})`;
    else why = short(detail) || sysCode || 'unknown error';
    return [{ code: 'tls-handshake-failed', severity: 'error', message: `The TLS handshake failed: ${why}.` }];
  },
};

function short(s: string): string {
  // OpenSSL messages look like "C0B7…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number".
  const m = /error:[0-9A-F]+:[^:]*:[^:]*:(.+)$/.exec(s.split('\n')[0] ?? '');
  return (m ? m[1]! : (s.split('\n')[0] ?? '')).slice(0, 160).trim();
}
