// The TLS client side of the probe: one shared context, and what Node tells about the session.
//
// The context holds no CA at all (ca: []): OpenSSL then neither refuses the chain (the certificate
// core judges it against tls.rootCertificates plus --ca-file) nor appends a store root to the peer
// chain, which getPeerCertificate(true) otherwise does. Creating a context per probe would cost
// milliseconds; `secureContext` makes connect ignore minVersion and the like, which the probe
// leaves at Node's defaults (TLS 1.2 and later, as strict clients require).

import * as tls from 'node:tls';
import { certificatesFromHandshake } from '../../core/probe/wire-certificates.js';

/** An offer the probe would never make by itself: one version, chosen suites, chosen groups. */
export interface TlsOffer {
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
  /**
   * Node's cipher string: OpenSSL's for TLS 1.2 and earlier ("@SECLEVEL=0" to offer weak suites),
   * with the TLS 1.3 suites ("TLS_…") among them, which Node hands to OpenSSL apart.
   */
  ciphers: string;
  /** The key-exchange groups, colon-separated (OpenSSL's names: "X25519:P-256"); absent: OpenSSL's defaults. */
  groups?: string;
}

let context: tls.SecureContext | undefined;

export function probeContext(): tls.SecureContext {
  return (context ??= tls.createSecureContext({ ca: [] }));
}

/**
 * The context of one enumeration connection (io/probe/enumerate.ts), made per connection because
 * its versions, suites and groups differ. No CA either. Throws when OpenSSL can offer none of it
 * ("no cipher match"): the enumeration asks before it connects.
 */
export function offerContext(offer: TlsOffer): tls.SecureContext {
  return tls.createSecureContext({
    ca: [],
    minVersion: offer.minVersion,
    maxVersion: offer.maxVersion,
    ciphers: offer.ciphers,
    ...(offer.groups ? { ecdhCurve: offer.groups } : {}),
  });
}

/**
 * The certificates in the order the server sent them: read from the handshake bytes when that
 * works and agrees with Node on the leaf, else Node's view (re-sorted into issuing order, unrelated
 * certificates dropped). getPeerCertificate(true) is called exactly once.
 */
export function chainAsSent(secure: tls.TLSSocket, handshakeBytes: Uint8Array, serverHandshakeSecret: Uint8Array | undefined): { chain: Uint8Array[]; source: 'wire' | 'peer-certificate' | null } {
  const fromPeer = peerChain(secure.getPeerCertificate(true));
  const wire = certificatesFromHandshake(handshakeBytes, serverHandshakeSecret);
  if ('certificates' in wire && wire.certificates.length > 0 && fromPeer.length > 0 && Buffer.compare(Buffer.from(wire.certificates[0]!), Buffer.from(fromPeer[0]!)) === 0) {
    return { chain: wire.certificates, source: 'wire' };
  }
  return fromPeer.length > 0 ? { chain: fromPeer, source: 'peer-certificate' } : { chain: [], source: null };
}

/** Node's chain, leaf first, each certificate once (the context has no CA: nothing is appended). */
function peerChain(peer: tls.DetailedPeerCertificate | undefined): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let c = peer; c && c.raw && !seen.has(c.fingerprint256) && out.length < 32; c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    out.push(new Uint8Array(c.raw));
  }
  return out;
}

/** "X25519 (253 bits)", "P-256 (256 bits)", "DH 2048 bits"; null when Node does not say. */
export function describeEphemeral(info: tls.EphemeralKeyInfo | object | null): string | null {
  if (!info || !('type' in info)) return null;
  const i = info as { type?: string; name?: string; size?: number };
  if (i.type === 'ECDH') return `${i.name ?? 'ECDH'}${i.size ? ` (${i.size} bits)` : ''}`;
  if (i.type === 'DH') return `DH ${i.size ?? '?'} bits`;
  return i.type ?? null;
}
