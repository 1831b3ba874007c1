// A Duplex between the TCP socket and Node's TLS client, so that the probe sees the bytes the
// server sends during the handshake (the certificate list as sent, see core/probe/wire-certificates)
// and can bound them. Node wraps a non-net.Socket stream itself (JSStreamSocket); the cost is a
// copy per chunk, which is nothing for one handshake.

import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

export interface WireTap {
  stream: Duplex;
  /** The first `limit` bytes received since the tap was made. */
  captured(): Buffer;
  /** Stop copying (after the handshake); bytes keep flowing. */
  stopCapture(): void;
}

export function tapSocket(raw: Socket, limit: number, onBytes: (n: number) => void): WireTap {
  const chunks: Buffer[] = [];
  let size = 0;
  let capturing = true;
  const stream = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      if (raw.destroyed) callback(new Error('socket closed'));
      else raw.write(chunk, (e) => callback(e ?? null));
    },
    final(callback) {
      raw.end();
      callback();
    },
    destroy(err, callback) {
      raw.destroy();
      callback(err);
    },
  });
  raw.on('data', (d: Buffer) => {
    onBytes(d.length);
    if (capturing && size < limit) {
      const part = d.subarray(0, limit - size);
      chunks.push(Buffer.from(part));
      size += part.length;
    }
    if (!stream.push(d)) raw.pause();
  });
  raw.on('end', () => stream.push(null));
  raw.on('close', () => stream.destroy());
  return {
    stream,
    captured: () => Buffer.concat(chunks),
    stopCapture: () => {
      capturing = false;
    },
  };
}
