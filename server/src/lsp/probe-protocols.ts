// postfixLens/probeProtocols: the TLS versions, suites and groups a server accepts (`probe
// --protocols`), learnt here in the language server and cancelled through the request's token.
// Refused in an untrusted workspace before any connection.

import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { judgeProtocols, type ProtocolsReport } from '../core/probe/protocols';
import { enumerateProtocols } from '../io/probe/enumerate';
import { ProbeProtocolsRequest, type ProbeMode, type ProbeProtocolsParams } from '../protocol';
import { UNTRUSTED_MESSAGE } from './trust';

/** Params from the wire, checked: a bad shape is InvalidParams. */
function checkParams(p: unknown): ProbeProtocolsParams {
  const o = (p ?? {}) as Record<string, unknown>;
  if (typeof o.host !== 'string' || o.host.trim() === '' || o.host.length > 255) throw new ResponseError(ErrorCodes.InvalidParams, 'postfixLens/probeProtocols needs { host: string, port: number }');
  if (typeof o.port !== 'number' || !Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new ResponseError(ErrorCodes.InvalidParams, 'port is a TCP port (1 to 65535)');
  if (o.mode !== undefined && o.mode !== 'starttls' && o.mode !== 'tls') throw new ResponseError(ErrorCodes.InvalidParams, 'mode is "starttls" or "tls"');
  if (o.servername !== undefined && (typeof o.servername !== 'string' || o.servername.length > 253)) throw new ResponseError(ErrorCodes.InvalidParams, 'servername is a host name');
  if (o.submission !== undefined && typeof o.submission !== 'boolean') throw new ResponseError(ErrorCodes.InvalidParams, 'submission is true or false');
  return { host: o.host, port: o.port, mode: o.mode as ProbeMode | undefined, servername: o.servername as string | undefined, submission: o.submission as boolean | undefined };
}

export function registerProbeProtocols(connection: Connection, deps: { trusted: () => boolean }): void {
  // Not through safely(): a refused or cancelled request answers with its LSP error, not an empty result.
  connection.onRequest(ProbeProtocolsRequest.type, async (raw, token) => {
    if (!deps.trusted()) throw new ResponseError(ProbeProtocolsRequest.UNTRUSTED_ERROR, UNTRUSTED_MESSAGE);
    const params = checkParams(raw);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    let report: ProtocolsReport;
    try {
      const facts = await enumerateProtocols({ host: params.host, port: params.port, mode: params.mode, servername: params.servername || undefined, signal: controller.signal });
      report = judgeProtocols(facts, params.submission === true);
    } catch (e) {
      connection.console.error(`postfix-lens: protocols probe failed: ${(e as Error)?.stack ?? e}`);
      throw new ResponseError(ErrorCodes.InternalError, `postfix-lens could not probe the TLS versions (${(e as Error)?.message ?? e}); this is a bug.`);
    } finally {
      sub.dispose();
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The probe was cancelled.', report);
    return report;
  });
}
