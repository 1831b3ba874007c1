// A local HTTPS server for MTA-STS policies: one handler and one certificate per host name (chosen
// by SNI for the certificate, by the Host header for the handler), a CA made for this run. It listens
// on port 443 of the first free loopback address among 127.0.0.4 to 127.0.0.9, as RFC 8461 senders
// connect to port 443; where that is refused (not root, all taken) it falls back to a free port on
// one of them, and the tests pass that port to the fetcher's test-only `port` option. `onPort443`
// says which.

import * as fs from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { testCa, type Pair } from './certificates';

export type PolicyHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface PolicyHost {
  handler: PolicyHandler;
  /**
   * The certificate served: 'good' (this run's CA, the host's name), 'wrong-name' (this run's CA,
   * another name), 'untrusted' (the host's name, from a CA nobody is given). Default 'good'.
   */
  certificate?: 'good' | 'wrong-name' | 'untrusted';
}

export interface SeenRequest {
  host: string;
  method: string;
  url: string;
  httpVersion: string;
  headers: IncomingMessage['headers'];
}

export interface PolicyServer {
  address: string;
  port: number;
  onPort443: boolean;
  /** This run's CA, PEM, and the same as a file (for curl --cacert). */
  caPem: string;
  caFile: string;
  /** Every request, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

const LOOPBACKS = ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9'];

export async function startPolicyServer(hosts: Readonly<Record<string, PolicyHost>>): Promise<PolicyServer> {
  const ca = testCa('postfix-lens MTA-STS Test CA');
  const stranger = testCa('postfix-lens Untrusted CA');
  const contexts = new Map<string, tls.SecureContext>();
  for (const [name, h] of Object.entries(hosts)) {
    const pair: Pair = h.certificate === 'untrusted' ? stranger.issue([name]) : h.certificate === 'wrong-name' ? ca.issue([`other.${name}`]) : ca.issue([name]);
    contexts.set(name, tls.createSecureContext({ cert: pair.cert, key: pair.key }));
  }
  const fallback = ca.issue(['policy-server.invalid']);
  const requests: SeenRequest[] = [];
  const server = https.createServer({
    cert: fallback.cert,
    key: fallback.key,
    SNICallback: (servername, cb) => cb(null, contexts.get(servername.toLowerCase())),
  }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    requests.push({ host, method: req.method ?? '', url: req.url ?? '', httpVersion: req.httpVersion, headers: req.headers });
    const h = hosts[host];
    if (h) return h.handler(req, res);
    res.writeHead(421, { 'Content-Type': 'text/plain' }).end('no such host here\n');
  });
  const { address, port } = await listen(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-policy-'));
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, ca.cert);
  return {
    address,
    port,
    onPort443: port === 443,
    caPem: ca.cert,
    caFile,
    requests,
    close: async () => {
      // Handlers that never end (a drip) must not hold the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listen(server: https.Server): Promise<{ address: string; port: number }> {
  const tryListen = (port: number, host: string) =>
    new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.removeListener('error', onError);
        resolve(true);
      });
    });
  for (const a of LOOPBACKS) if (await tryListen(443, a)) return { address: a, port: 443 };
  for (const a of LOOPBACKS) if (await tryListen(0, a)) return { address: a, port: (server.address() as { port: number }).port };
  throw new Error(`policy-server: cannot listen on ${LOOPBACKS.join(', ')}`);
}
