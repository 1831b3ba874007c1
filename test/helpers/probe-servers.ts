// Hostile and well-behaved fake SMTP servers on 127.0.0.1 (port 0) for the probe tests. Every
// server records every line a client sends, before and inside TLS, so tests can prove the probe
// never sends AUTH, MAIL or RCPT.

import { after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { main } from '../../server/src/cli';
import { terminalIo } from '../../server/src/cli/io';
import { fixtures } from './certificates';
import type { JudgeInput } from '../../server/src/core/probe/verdict';

export interface FakeServer {
  port: number;
  /** Every line received from clients, without CR LF, in order (all connections). */
  clientLines: string[];
  /** The first word of each client line, upper-case. */
  verbs(): string[];
  close(): Promise<void>;
}

export class Conn {
  /** Where replies go: the TCP socket, then the TLS socket after startTls(). */
  out: net.Socket | tls.TLSSocket;
  private lineHandler: ((line: string) => void) | undefined;

  constructor(
    readonly socket: net.Socket,
    private readonly record: string[],
  ) {
    this.out = socket;
    this.attach(socket);
  }

  onLine(fn: (line: string) => void): void {
    this.lineHandler = fn;
  }

  write(text: string): void {
    if (!this.out.destroyed) this.out.write(text);
  }

  /** Server side of STARTTLS (or of implicit TLS when called at once). */
  startTls(secureContext: tls.SecureContext = goodContext()): tls.TLSSocket {
    this.socket.removeAllListeners('data');
    const t = new tls.TLSSocket(this.socket, { isServer: true, secureContext });
    t.on('error', () => undefined);
    this.out = t;
    this.attach(t);
    return t;
  }

  private attach(stream: net.Socket | tls.TLSSocket): void {
    let buf = '';
    stream.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        this.record.push(line);
        this.lineHandler?.(line);
      }
      if (buf.length > 65536) buf = '';
    });
  }
}

export async function fakeServer(handler: (c: Conn) => void): Promise<FakeServer> {
  const clientLines: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    handler(new Conn(socket, clientLines));
  });
  return listen(server, clientLines, sockets);
}

/** A server that speaks TLS from the first byte and never anything else (a 465 service). */
export async function tlsOnlyServer(): Promise<FakeServer> {
  const clientLines: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ secureContext: goodContext() }, (s) => {
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => clientLines.push(...d.toString('latin1').split(/\r?\n/).filter(Boolean)));
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, clientLines, sockets);
}

function listen(server: net.Server, clientLines: string[], sockets: Set<net.Socket>): Promise<FakeServer> {
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        clientLines,
        verbs: () => clientLines.map((l) => (l.split(' ')[0] ?? '').toUpperCase()),
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

export interface SmtpBehaviour {
  greeting?: string;
  /** Reply to EHLO before TLS (lines with CR LF). */
  ehlo?: string;
  /** Reply to EHLO inside TLS. */
  ehloTls?: string;
  /** What happens on STARTTLS. */
  starttls?: 'ok' | 'inject' | 'refuse' | 'close-mid-handshake';
  /** Sent inside TLS as soon as the handshake is done, before the client said anything. */
  afterHandshake?: string;
  /** The certificate and key of the TLS side (default: goodContext()). */
  context?: tls.SecureContext;
}

/** A scripted SMTP server: EHLO, STARTTLS and QUIT as told, 502 to anything else. */
export function smtp(b: SmtpBehaviour = {}): (c: Conn) => void {
  return (c) => {
    c.write(b.greeting ?? '220 fake.test ESMTP\r\n');
    let tlsUp = false;
    c.onLine((line) => {
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      if (verb === 'EHLO') c.write(tlsUp ? (b.ehloTls ?? '250-fake.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n') : (b.ehlo ?? '250-fake.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n'));
      else if (verb === 'STARTTLS' && !tlsUp) {
        switch (b.starttls ?? 'ok') {
          case 'refuse':
            c.write('454 4.7.0 TLS not available due to local problem\r\n');
            return;
          case 'inject':
            // One packet: the 220 and a forged reply meant to be read as if it came inside TLS.
            c.write('220 2.0.0 go ahead\r\n250 fake\r\n');
            break;
          case 'close-mid-handshake':
            c.write('220 2.0.0 go ahead\r\n');
            c.socket.removeAllListeners('data');
            c.socket.once('data', () => c.socket.destroy());
            return;
          default:
            c.write('220 2.0.0 Ready to start TLS\r\n');
        }
        tlsUp = true;
        const t = c.startTls(b.context);
        if (b.afterHandshake) t.once('secure', () => c.write(b.afterHandshake!));
      } else if (verb === 'QUIT') {
        c.write('221 2.0.0 Bye\r\n');
        c.out.end();
      } else c.write('502 5.5.2 Error: command not recognized\r\n');
    });
  };
}

let context: tls.SecureContext | undefined;

/** The fixtures' mail.example.com leaf with its intermediate (root: fixtures().root). */
export function goodContext(): tls.SecureContext {
  const f = fixtures();
  return (context ??= tls.createSecureContext({ key: f.leaf.key, cert: f.leaf.cert + f.intermediate.cert }));
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `postfix-lens ...` in this process (the fake servers keep running: nothing blocks). */
export async function runCliAsync(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const status = await main(
    args,
    terminalIo({
      stdout: (c) => void (stdout += typeof c === 'string' ? c : Buffer.from(c).toString()),
      stderr: (c) => void (stderr += c),
    }),
  );
  return { status, stdout, stderr, ms: performance.now() - t0 };
}

/** Collects unhandled rejections of this process; tests assert the list stays empty. */
export function watchUnhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  process.on('unhandledRejection', (e) => seen.push(e));
  return seen;
}

/**
 * The bookkeeping of a test file of misbehaving servers: no test leaves an unhandled rejection, and
 * once all have run the servers are closed and `who` ("the probe") sent nothing but EHLO, STARTTLS
 * and QUIT (the verbs the tests add to `allVerbs`).
 */
export function hostileServerFile(who: string): { rejections: unknown[]; servers: FakeServer[]; allVerbs: Set<string>; serve: (handler: (c: Conn) => void) => Promise<FakeServer> } {
  const rejections = watchUnhandledRejections();
  const servers: FakeServer[] = [];
  const allVerbs = new Set<string>();
  afterEach(() => assert.deepEqual(rejections, [], 'no unhandled rejection'));
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    assert.deepEqual([...allVerbs].filter((v) => !['EHLO', 'STARTTLS', 'QUIT'].includes(v)), [], `${who} sent only EHLO, STARTTLS and QUIT (saw ${[...allVerbs].join(', ')})`);
  });
  const serve = async (handler: (c: Conn) => void): Promise<FakeServer> => {
    const s = await fakeServer(handler);
    servers.push(s);
    return s;
  };
  return { rejections, servers, allVerbs, serve };
}

/** A PEM certificate as the DER bytes a server sends. */
export const derOf = (pem: string): Uint8Array => new Uint8Array(new X509Certificate(pem).raw);

/** judgeProbe()'s input for a good STARTTLS session with the test chain on 127.0.0.1:25, changed by `over`. */
export function judgeInput(over: Partial<JudgeInput> = {}): JudgeInput {
  const f = fixtures();
  return {
    host: '127.0.0.1',
    port: 25,
    mode: 'starttls',
    hostnames: ['mail.example.com'],
    chain: [derOf(f.leaf.cert), derOf(f.intermediate.cert)],
    tlsVersion: 'TLSv1.3',
    roots: Object.freeze([...tls.rootCertificates, f.root.cert]),
    now: new Date(),
    error: null,
    injection: null,
    unsolicited: [],
    ...over,
  };
}
