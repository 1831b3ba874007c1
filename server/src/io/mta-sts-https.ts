// One HTTPS GET of an MTA-STS policy from one address, with the checks RFC 8461 (section 3.3) asks
// of senders: a certificate trusted and valid for mta-sts.<domain>, status 200 only, no redirect
// followed, text/plain; and ours: a byte limit on the body and the caller's deadline.
//
// Node's tls and http, no HTTP library: one request, no redirects, no cookies, no proxy, no keep-alive
// is all a sender does, and the checks must sit exactly between the handshake and the request. The TLS
// socket is made here (rejectUnauthorized off, then verified by hand) so that the certificate is
// judged, and can be reported, before a single byte of the request is sent.

import { X509Certificate } from 'node:crypto';
import * as http from 'node:http';
import * as tls from 'node:tls';
import type { PolicyCertificate, PolicyFetchFailure, PolicyFetchFailureReason, PolicyFetched } from '../core/dns/policy-fetch';
import { escapeHidden } from '../core/escape';
import { readCertificateInfo } from '../core/tls/certificate-info';
import { trustedRoots } from './probe/trust-roots';

export type Stage = 'dns' | 'connect' | 'tls' | 'headers' | 'body';

export interface HttpsGetRequest {
  host: string;
  address: string;
  port: number;
  path: string;
  url: string;
  extraCaPem?: string;
  signal: AbortSignal;
  maxBytes: number;
}

/** The signal stopped it at `stoppedAt` (the caller says whether that was the deadline). */
export interface Stopped {
  stoppedAt: Stage;
  bytes: number;
}

// OpenSSL's names for a chain it could not verify, as Node reports them, in words.
const UNTRUSTED: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends at a self-signed root that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not a trusted CA, and the server sent no chain to one',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not a trusted CA, and the server sent no chain to one',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a certificate in its chain is missing',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  CERT_SIGNATURE_FAILURE: 'a signature in its chain does not verify',
  INVALID_CA: 'a certificate in its chain is not a CA',
  PATH_LENGTH_EXCEEDED: 'its chain is longer than a CA allows',
  INVALID_PURPOSE: 'it is not for TLS servers',
  CERT_REVOKED: 'it is revoked',
};

// The statuses that send a client elsewhere (RFC 9110, 15.4); 300 and 304 are not followed by anyone.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const MAX_SHOWN = 200;
/** Text from the server, made visible and short enough for one line. */
const shown = (s: string) => escapeHidden(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
/** A header value's bytes (Node hands them over one character per byte) read as UTF-8, U+FFFD for a bad sequence. */
const headerText = (v: string) => Buffer.from(v, 'latin1').toString('utf8');

export function httpsGetPolicy(r: HttpsGetRequest): Promise<PolicyFetched | PolicyFetchFailure | Stopped> {
  return new Promise((resolve) => {
    let stage: Stage = 'connect';
    let bytes = 0;
    let settled = false;
    let certificate: PolicyCertificate | undefined;
    let req: http.ClientRequest | undefined;
    const ca = r.extraCaPem ? [...trustedRoots(r.extraCaPem)] : undefined;
    // `authorized` then reflects the chain alone; the name is checked below, so each gets its reason.
    const socket = tls.connect({ host: r.address, port: r.port, servername: r.host, ca, rejectUnauthorized: false, checkServerIdentity: () => undefined, ALPNProtocols: ['http/1.1'] });

    const finish = (result: PolicyFetched | PolicyFetchFailure | Stopped) => {
      if (settled) return;
      settled = true;
      r.signal.removeEventListener('abort', onAbort);
      req?.destroy();
      socket.destroy();
      resolve(result);
    };
    const fail = (reason: PolicyFetchFailureReason, detail: string, extra: Partial<PolicyFetchFailure> = {}) => {
      const f: PolicyFetchFailure = { ok: false, reason, url: r.url, detail, address: r.address, ...extra };
      if (certificate) f.certificate = certificate;
      finish(f);
    };
    const onAbort = () => finish({ stoppedAt: stage, bytes });
    if (r.signal.aborted) return onAbort();
    r.signal.addEventListener('abort', onAbort);

    socket.once('connect', () => (stage = 'tls'));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (stage === 'connect') fail('connect', `could not connect to ${r.host} (${r.address}) on port ${r.port}: ${e.message}`);
      else if (stage === 'tls') fail('tls', `the TLS handshake with ${r.host} (${r.address}) failed: ${e.message}`);
      // After the handshake the request reports the error with its own words.
    });
    socket.once('secureConnect', () => {
      certificate = summary(socket.getPeerCertificate());
      if (!certificate) return fail('tls', `${r.host} (${r.address}) sent no certificate that could be read`);
      const names = `it names ${certificate.dnsNames.length > 0 ? certificate.dnsNames.slice(0, 5).map(shown).join(', ') : `no DNS name (subject ${shown(certificate.subject)})`}`;
      const identity = tls.checkServerIdentity(r.host, socket.getPeerCertificate());
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'unknown');
        const why = UNTRUSTED[code] ?? `OpenSSL says ${code}`;
        const alsoName = identity ? `; nor is it valid for ${r.host}: ${names}` : '';
        return fail('tls-untrusted', `the certificate of ${r.host} (${r.address}) is not trusted: ${why} (${code}), issued by ${shown(certificate.issuer)}${alsoName}`);
      }
      if (identity) return fail('tls-name', `the certificate of ${r.host} (${r.address}) is not valid for ${r.host}: ${names}`);
      stage = 'headers';
      request(certificate);
    });

    const request = (served: PolicyCertificate) => {
      // No agent: one connection, this socket, no pooling, no cookies, no credentials.
      req = http.request({
        createConnection: () => socket,
        method: 'GET',
        path: r.path,
        headers: { Host: r.port === 443 ? r.host : `${r.host}:${r.port}`, 'User-Agent': 'postfix-lens (MTA-STS check)', Accept: 'text/plain', Connection: 'close' },
      });
      req.on('error', (e: NodeJS.ErrnoException) => fail('http', `${r.url}: ${stage === 'headers' ? 'no answer' : 'the body was cut off'}: ${e.message}`));
      req.on('response', (res) => {
        stage = 'body';
        const status = res.statusCode ?? 0;
        const words = `${status}${res.statusMessage ? ` ${shown(headerText(res.statusMessage))}` : ''}`;
        const location = res.headers.location === undefined ? undefined : headerText(res.headers.location);
        if (REDIRECTS.has(status)) {
          const to = location === undefined ? 'without a Location' : `to ${shown(location)}`;
          const extra: Partial<PolicyFetchFailure> = { status };
          if (location !== undefined) extra.location = location;
          return fail('redirect', `${r.url} answered ${words} ${to}: senders do not follow redirects`, extra);
        }
        if (status !== 200) return fail('status', `${r.url} answered ${words}: senders take a policy only from a 200 answer`, { status });
        const contentType = res.headers['content-type'] === undefined ? undefined : headerText(res.headers['content-type']);
        if (contentType === undefined) return fail('content-type', `${r.url} is served without a Content-Type: senders expect text/plain`, { status });
        if (mediaType(contentType) !== 'text/plain') return fail('content-type', `${r.url} is served as ${shown(contentType)}: senders expect text/plain`, { status });
        const announced = Number(res.headers['content-length']);
        if (announced > r.maxBytes) return fail('too-large', `${r.url} is ${announced} bytes (its Content-Length): more than the ${r.maxBytes} read at most`, { status });
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > r.maxBytes) return fail('too-large', `${r.url} is larger than the ${r.maxBytes} bytes read at most`, { status });
          chunks.push(chunk);
        });
        res.on('error', (e) => fail('http', `${r.url}: the body was cut off after ${bytes} bytes: ${e.message}`, { status }));
        res.on('end', () => {
          if (settled) return;
          const body = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
          finish({ ok: true, url: r.url, body, contentType, address: r.address, certificate: served });
        });
      });
      req.end();
    };
  });
}

/** "text/plain" from "Text/Plain; charset=utf-8": the type and subtype, lower case (RFC 9110 8.3.1). */
function mediaType(header: string): string {
  return header.split(';')[0]!.trim().toLowerCase();
}

function summary(peer: tls.PeerCertificate | undefined): PolicyCertificate | undefined {
  if (!peer?.raw) return undefined;
  try {
    const der = new Uint8Array(peer.raw);
    const info = readCertificateInfo(der, new X509Certificate(der), 0, -1);
    return { subject: info.subject, issuer: info.issuer, dnsNames: info.dnsNames, notAfter: info.notAfter, fingerprintSha256: info.fingerprintSha256 };
  } catch {
    return undefined;
  }
}
