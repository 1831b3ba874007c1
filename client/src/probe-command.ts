// "Postfix: Probe TLS of a mail server" (postfixLens.probe). Picks a target (the configuration's,
// from postfixLens/probeTargets, or one typed in), has the language server probe it with a
// cancellable progress notification, and shows the report (webview) and the dialogue (output
// channel "Postfix Lens Probe"). Returns the ProbeReport, or undefined when nothing was probed.
// Code lenses and the status bar call it too; a lens passes its ProbeTarget as the argument.

import { commands, window, type OutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProbeRequest, ProbeTargetsRequest, type ProbeMode, type ProbeParams, type ProbeReport, type ProbeTarget } from '../../server/src/protocol';
import { openConfigDocument } from './config-document';
import { checkProbeAsName, isIpLiteral, parseHostPort } from './host-port';
import { targetItems } from './probe-picker';
import { reportText } from './probe-output';
import { escapeLabel } from '../../server/src/core/escape';
import type { ProbeView } from './probe-view';
import { trustedOrWarn, withProgress } from './live-request';

export const PROBE_COMMAND = 'postfixLens.probe';

/** What the command accepts as its argument: a code lens's ProbeTarget (or any { host, port }). */
function asTarget(arg: unknown): (ProbeParams & { label?: string }) | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<ProbeTarget>;
  if (typeof a.host !== 'string' || typeof a.port !== 'number') return undefined;
  const servername = typeof a.servername === 'string' && a.servername ? a.servername : undefined;
  return {
    host: a.host,
    port: a.port,
    mode: a.mode === 'tls' || a.mode === 'starttls' ? a.mode : undefined,
    ...(servername ? { servername, hostnames: [servername] } : {}),
    label: typeof a.label === 'string' ? a.label : undefined,
  };
}

export async function pickTarget(client: LanguageClient): Promise<ProbeParams | undefined> {
  const uri = openConfigDocument();
  let targets: ProbeTarget[] = [];
  let hostnames: string[] = [];
  if (uri) {
    const r = await client.sendRequest(ProbeTargetsRequest.type, { uri: uri.toString() }).catch(() => null);
    targets = r?.targets ?? [];
    hostnames = r?.hostnames ?? [];
  }
  const picked = await window.showQuickPick(targetItems(targets), {
    title: 'Probe TLS of a mail server',
    placeHolder: targets.length ? 'A server of this configuration, or another one' : 'Enter the server to probe',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.target) return asTarget(picked.target);

  const typed = await window.showInputBox({
    title: 'Probe TLS of a mail server',
    prompt: 'Host and port (25 when omitted; 465 means TLS from the first byte; IPv6 as [address]:port)',
    placeHolder: 'smtp.example.com:587',
    validateInput: (v) => {
      const r = parseHostPort(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseHostPort(typed);
  if ('error' in parsed) return undefined;
  const { host, port } = parsed.value;
  let mode: ProbeMode | undefined;
  if (![25, 587, 465].includes(port)) {
    const m = await window.showQuickPick(
      [
        { label: 'STARTTLS', description: 'plain SMTP, then STARTTLS (like ports 25 and 587)', mode: 'starttls' as const },
        { label: 'Implicit TLS', description: 'TLS from the first byte (like port 465)', mode: 'tls' as const },
      ],
      { title: `How does port ${port} speak TLS?` },
    );
    if (!m) return undefined;
    mode = m.mode;
  }
  let servername: string | undefined;
  if (isIpLiteral(host)) {
    const as = await window.showInputBox({
      title: `Probe ${host} as`,
      prompt: 'The host name to send as SNI and to check the certificate for (empty: none, the certificate is checked for the address)',
      value: hostnames[0] ?? '',
      validateInput: checkProbeAsName,
    });
    if (as === undefined) return undefined;
    servername = as.trim() || undefined;
  }
  return { host, port, ...(mode ? { mode } : {}), ...(servername ? { servername, hostnames: [servername] } : {}) };
}

/** "host:port as name" for titles and messages (a lens's argument may come from any server). */
export function targetText(p: ProbeParams): string {
  const host = p.host.includes(':') ? `[${p.host}]` : p.host;
  return escapeLabel(`${host}:${p.port}${p.servername ? ` as ${p.servername}` : ''}`);
}

export function registerProbeCommand(client: LanguageClient, view: ProbeView, output: OutputChannel) {
  return commands.registerCommand(PROBE_COMMAND, async (arg?: unknown): Promise<ProbeReport | undefined> => {
    if (!trustedOrWarn('postfix-lens probes no server')) return undefined;
    const params = asTarget(arg) ?? (await pickTarget(client));
    if (!params) return undefined;
    const { host, port, mode, servername, hostnames } = params;
    const request: ProbeParams = { host, port, ...(mode ? { mode } : {}), ...(servername ? { servername } : {}), ...(hostnames ? { hostnames } : {}) };
    const report = await withProgress(`Probing ${targetText(request)}…`, (token) => client.sendRequest(ProbeRequest.type, request, token), {
      untrustedCode: ProbeRequest.UNTRUSTED_ERROR,
      what: `probe ${targetText(request)}`,
      cancelled: (partial) => {
        if (partial?.transcript) output.append(reportText(partial));
        return `The probe of ${targetText(request)} was cancelled.`;
      },
    });
    if (!report) return undefined;
    output.appendLine(`--- ${new Date().toISOString()}`);
    output.append(reportText(report));
    view.show(report);
    return report;
  });
}
