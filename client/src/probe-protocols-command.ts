// "Postfix: Probe TLS Versions and Ciphers" (postfixLens.probeProtocols). Picks a target as the
// probe does (the configuration's, or one typed in), has the language server learn which TLS
// versions, suites and groups it accepts (postfixLens/probeProtocols) with a cancellable progress
// notification, and shows the report in the probe's webview. Trusted workspaces only. Returns the
// ProtocolsReport, or undefined when nothing was probed. A caller may pass { host, port, mode?,
// servername?, submission? } as the argument instead of picking.

import { commands, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProbeProtocolsRequest, type ProbeProtocolsParams, type ProtocolsReport } from '../../server/src/protocol';
import { pickTarget, targetText } from './probe-command';
import type { ProbeView } from './probe-view';
import { trustedOrWarn, withProgress } from './live-request';

export const PROBE_PROTOCOLS_COMMAND = 'postfixLens.probeProtocols';

function asParams(arg: unknown): ProbeProtocolsParams | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<ProbeProtocolsParams>;
  if (typeof a.host !== 'string' || typeof a.port !== 'number') return undefined;
  return {
    host: a.host,
    port: a.port,
    ...(a.mode === 'tls' || a.mode === 'starttls' ? { mode: a.mode } : {}),
    ...(typeof a.servername === 'string' && a.servername ? { servername: a.servername } : {}),
    ...(a.submission === true ? { submission: true } : {}),
  };
}

/** 587 and 465 are submission ports, 25 an MX port; any other port: ask. */
async function askRole(port: number): Promise<boolean | undefined> {
  if (port === 25 || port === 587 || port === 465) return port !== 25;
  const picked = await window.showQuickPick(
    [
      { label: 'Submission port', description: 'users log in here: only strong settings belong', submission: true },
      { label: 'MX port', description: 'other servers deliver here: Postfix allows old settings on purpose', submission: false },
    ],
    { title: `What is port ${port} for?` },
  );
  return picked?.submission;
}

export function registerProbeProtocolsCommand(client: LanguageClient, view: ProbeView) {
  return commands.registerCommand(PROBE_PROTOCOLS_COMMAND, async (arg?: unknown): Promise<ProtocolsReport | undefined> => {
    if (!trustedOrWarn('postfix-lens probes no server')) return undefined;
    let params = asParams(arg);
    if (!params) {
      const target = await pickTarget(client);
      if (!target) return undefined;
      const submission = await askRole(target.port);
      if (submission === undefined) return undefined;
      params = { host: target.host, port: target.port, ...(target.mode ? { mode: target.mode } : {}), ...(target.servername ? { servername: target.servername } : {}), ...(submission ? { submission } : {}) };
    }
    const request = params;
    const report = await withProgress(`Trying the TLS versions and cipher suites of ${targetText(request)}…`, (token) => client.sendRequest(ProbeProtocolsRequest.type, request, token), {
      untrustedCode: ProbeProtocolsRequest.UNTRUSTED_ERROR,
      what: `probe ${targetText(request)}`,
      cancelled: (partial) => {
        if (partial?.protocols) view.showProtocols(partial);
        return `The probe of ${targetText(request)} was cancelled; the report shows what was learnt.`;
      },
    });
    if (!report) return undefined;
    view.showProtocols(report);
    return report;
  });
}
