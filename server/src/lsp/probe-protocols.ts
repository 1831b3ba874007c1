// postfixLens/probeProtocols: the TLS versions, suites and groups a server accepts (`probe
// --protocols`), learnt here in the language server: refused in an untrusted workspace before any
// connection, cancelled through the request's token (lsp/probe.ts's onLiveRequest).

import type { Connection } from 'vscode-languageserver';
import { judgeProtocols } from '../core/probe/protocols';
import { enumerateProtocols } from '../io/probe/enumerate';
import { ProbeProtocolsRequest } from '../protocol';
import { checkProbeParams, onLiveRequest } from './probe';

export function registerProbeProtocols(connection: Connection, deps: { trusted: () => boolean }): void {
  onLiveRequest(connection, ProbeProtocolsRequest.type, 'probe the TLS versions', deps.trusted, async (raw, signal) => {
    const params = checkProbeParams(raw, ProbeProtocolsRequest.method, true);
    const facts = await enumerateProtocols({ host: params.host, port: params.port, mode: params.mode, servername: params.servername || undefined, signal });
    return judgeProtocols(facts, params.submission === true);
  });
}
