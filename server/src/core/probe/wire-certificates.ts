// The certificates exactly as the server sent them, read from the handshake bytes themselves.
//
// Why: Node's getPeerCertificate(true) re-sorts the peer's chain into issuing order, drops the
// certificates that do not fit, and appends the trust store's root that the server never sent.
// "The server sent only its leaf" and "the intermediates are out of order" need the real list.
//
// Input: the bytes the server sent from the start of the handshake (TLS records), and for TLS 1.3
// the SERVER_HANDSHAKE_TRAFFIC_SECRET from the client's key log (the Certificate message is
// encrypted in TLS 1.3). TLS 1.2 and earlier send it in clear. Pure: node:crypto only, no sockets.
// Bounded: at most MAX_RECORDS records and MAX_CERTIFICATES certificates; never throws.

import { createDecipheriv, createHmac } from 'node:crypto';

export const MAX_RECORDS = 256;
export const MAX_CERTIFICATES = 32;

export type WireResult = { certificates: Uint8Array[]; version: 'TLSv1.3' | 'TLSv1.2-or-older' } | { error: string };

const HANDSHAKE = 22;
const APPLICATION_DATA = 23;
const CHANGE_CIPHER_SPEC = 20;
const ALERT = 21;
const SERVER_HELLO = 2;
const CERTIFICATE = 11;
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

interface Aead {
  cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm';
  keyLength: number;
  tagLength: number;
  hash: 'sha256' | 'sha384';
}

const TLS13_SUITES: Record<number, Aead> = {
  0x1301: { cipher: 'aes-128-gcm', keyLength: 16, tagLength: 16, hash: 'sha256' },
  0x1302: { cipher: 'aes-256-gcm', keyLength: 32, tagLength: 16, hash: 'sha384' },
  0x1303: { cipher: 'chacha20-poly1305', keyLength: 32, tagLength: 16, hash: 'sha256' },
  0x1304: { cipher: 'aes-128-ccm', keyLength: 16, tagLength: 16, hash: 'sha256' },
  0x1305: { cipher: 'aes-128-ccm', keyLength: 16, tagLength: 8, hash: 'sha256' },
};

export function certificatesFromHandshake(received: Uint8Array, serverHandshakeSecret: Uint8Array | undefined): WireResult {
  try {
    return read(Buffer.from(received.buffer, received.byteOffset, received.byteLength), serverHandshakeSecret);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function read(data: Buffer, secret: Uint8Array | undefined): WireResult {
  const messages = new HandshakeStream();
  let suite: number | undefined;
  let tls13 = false;
  let keys: { key: Buffer; iv: Buffer; aead: Aead } | undefined;
  let seq = 0n;
  let pos = 0;
  for (let n = 0; n < MAX_RECORDS && pos + 5 <= data.length; n++) {
    const type = data[pos]!;
    const length = data.readUInt16BE(pos + 3);
    if (pos + 5 + length > data.length) return { error: 'the handshake bytes end in the middle of a record' };
    const header = data.subarray(pos, pos + 5);
    const body = data.subarray(pos + 5, pos + 5 + length);
    pos += 5 + length;
    if (type === ALERT) return { error: 'the server sent an alert before its certificate' };
    if (type === CHANGE_CIPHER_SPEC) continue;
    if (type === HANDSHAKE && !keys) messages.push(body);
    else if (type === APPLICATION_DATA && tls13) {
      if (!keys) {
        if (!secret) return { error: 'TLS 1.3 without the handshake secret (no key log)' };
        const aead = suite !== undefined ? TLS13_SUITES[suite] : undefined;
        if (!aead) return { error: `unsupported TLS 1.3 cipher suite 0x${(suite ?? 0).toString(16)}` };
        keys = { aead, key: expandLabel(aead.hash, secret, 'key', aead.keyLength), iv: expandLabel(aead.hash, secret, 'iv', 12) };
      }
      const inner = decrypt(keys, seq++, header, body);
      let end = inner.length;
      while (end > 0 && inner[end - 1] === 0) end--;
      if (end === 0) return { error: 'an encrypted record without a content type' };
      const innerType = inner[end - 1];
      if (innerType === ALERT) return { error: 'the server sent an alert before its certificate' };
      if (innerType === HANDSHAKE) messages.push(inner.subarray(0, end - 1));
    } else return { error: `unexpected record type ${type}` };
    for (let m = messages.next(); m; m = messages.next()) {
      if (m.type === SERVER_HELLO) {
        const hello = parseServerHello(m.body);
        if (hello.retry) continue; // HelloRetryRequest: the real ServerHello follows
        suite = hello.suite;
        tls13 = hello.tls13;
      } else if (m.type === CERTIFICATE) {
        return { certificates: parseCertificateList(m.body, tls13), version: tls13 ? 'TLSv1.3' : 'TLSv1.2-or-older' };
      }
    }
  }
  return { error: 'no Certificate message in the handshake bytes' };
}

/** Handshake messages (type, 3-byte length, body) reassembled across records. */
class HandshakeStream {
  private buf = Buffer.alloc(0);
  push(b: Buffer): void {
    this.buf = Buffer.concat([this.buf, b]);
    if (this.buf.length > 1 << 20) throw new Error('handshake messages larger than 1 MiB');
  }
  next(): { type: number; body: Buffer } | undefined {
    if (this.buf.length < 4) return undefined;
    const len = this.buf.readUIntBE(1, 3);
    if (this.buf.length < 4 + len) return undefined;
    const msg = { type: this.buf[0]!, body: this.buf.subarray(4, 4 + len) };
    this.buf = this.buf.subarray(4 + len);
    return msg;
  }
}

function parseServerHello(b: Buffer): { suite: number; tls13: boolean; retry: boolean } {
  let p = 2;
  const random = b.subarray(p, p + 32);
  p += 32;
  p += 1 + b[p]!; // session id
  const suite = b.readUInt16BE(p);
  p += 3; // suite + compression
  let tls13 = false;
  if (p + 2 <= b.length) {
    const end = p + 2 + b.readUInt16BE(p);
    for (p += 2; p + 4 <= end; ) {
      const type = b.readUInt16BE(p);
      const len = b.readUInt16BE(p + 2);
      if (type === 0x002b && len === 2 && b.readUInt16BE(p + 4) === 0x0304) tls13 = true;
      p += 4 + len;
    }
  }
  return { suite, tls13, retry: random.equals(HRR_RANDOM) };
}

function parseCertificateList(b: Buffer, tls13: boolean): Uint8Array[] {
  let p = 0;
  if (tls13) p += 1 + b[0]!; // certificate_request_context
  const end = p + 3 + b.readUIntBE(p, 3);
  if (end > b.length) throw new Error('a truncated Certificate message');
  const out: Uint8Array[] = [];
  for (p += 3; p + 3 <= end && out.length < MAX_CERTIFICATES; ) {
    const len = b.readUIntBE(p, 3);
    p += 3;
    if (p + len > end) throw new Error('a truncated certificate entry');
    out.push(new Uint8Array(b.subarray(p, p + len)));
    p += len;
    if (tls13) p += 2 + b.readUInt16BE(p); // per-certificate extensions
  }
  return out;
}

/** HKDF-Expand-Label of RFC 8446 7.1 with an empty context. */
function expandLabel(hash: Aead['hash'], secret: Uint8Array, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0])]);
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1, got = 0; got < length; i++) {
    t = createHmac(hash, secret).update(t).update(info).update(Buffer.from([i])).digest();
    out.push(t);
    got += t.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

function decrypt(k: { key: Buffer; iv: Buffer; aead: Aead }, seq: bigint, header: Buffer, body: Buffer): Buffer {
  const { aead } = k;
  if (body.length < aead.tagLength) throw new Error('an encrypted record shorter than its tag');
  const nonce = Buffer.from(k.iv);
  for (let i = 0; i < 8; i++) nonce[11 - i] ^= Number((seq >> BigInt(8 * i)) & 0xffn);
  const ciphertext = body.subarray(0, body.length - aead.tagLength);
  const tag = body.subarray(body.length - aead.tagLength);
  if (aead.cipher === 'aes-128-ccm') {
    const d = createDecipheriv('aes-128-ccm', k.key, nonce, { authTagLength: aead.tagLength });
    d.setAuthTag(tag);
    d.setAAD(header, { plaintextLength: ciphertext.length });
    return Buffer.concat([d.update(ciphertext), d.final()]);
  }
  const d = aead.cipher === 'chacha20-poly1305' ? createDecipheriv('chacha20-poly1305', k.key, nonce, { authTagLength: 16 }) : createDecipheriv(aead.cipher, k.key, nonce, { authTagLength: 16 });
  d.setAAD(header, { plaintextLength: ciphertext.length });
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ciphertext), d.final()]);
}
