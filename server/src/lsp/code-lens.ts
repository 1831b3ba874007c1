// textDocument/codeLens: "Probe mail.example.com:25" above main.cf's myhostname, and "Probe
// smtp.example.com:587" above each SMTP service of master.cf. A lens runs the client's command
// postfixLens.probe with the ProbeTarget as its argument (editors without that command show the
// lens and ignore the click). In a trusted workspace, "Check DNS of example.com" above main.cf's
// mydomain runs postfixLens.checkDns with the document's URI.

import { CodeLensRefreshRequest, type ClientCapabilities, type CodeLens, type CodeLensParams, type Connection } from 'vscode-languageserver';
import type { ProbeTarget } from '../protocol';
import { escapeLabel } from '../core/escape';
import type { ConfigAnalysis } from '../core/analysis';
import { dnsQueryName } from '../core/dns/name';
import { effective } from '../core/tls/config-targets';
import type { PositionMap } from './positions';
import { configHostnames, probeHostnames, smtpServices, targetsOfService } from './probe';
import type { Settings } from './settings';
import type { ConfigWorkspace } from './workspace';

export const PROBE_COMMAND = 'postfixLens.probe';
export const DNS_COMMAND = 'postfixLens.checkDns';

/** Above mydomain: the DNS check of this configuration (the title names $mydomain when it is a DNS name). */
function dnsLens(a: ConfigAnalysis, uri: string, positions: PositionMap): CodeLens[] {
  const entry = a.model.entryOf.get('mydomain');
  if (!entry) return [];
  const domain = dnsQueryName(effective(a, 'mydomain', null).trim());
  const title = domain ? `Check DNS of ${domain} (MX, DANE, MTA-STS)` : 'Check DNS (MX, DANE, MTA-STS)';
  return [{ range: positions.rangeToEditor(entry.nameRange), command: { title: escapeLabel(title), command: DNS_COMMAND, arguments: [uri] } }];
}

function lens(t: ProbeTarget, range: CodeLens['range']): CodeLens {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const as = t.servername && t.servername !== t.host ? ` as ${t.servername}` : '';
  // Only valid host names get here (probeHostnames); VS Code draws the title as a label all the same.
  return { range, command: { title: escapeLabel(`Probe ${host}:${t.port}${as}`), command: PROBE_COMMAND, arguments: [t] } };
}

/** `trusted`: the DNS lens is offered only in a trusted workspace (the check sends packets). */
export function codeLenses(workspace: ConfigWorkspace, settings: Settings, params: CodeLensParams, trusted = true): CodeLens[] {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return [];
  const a = doc.result.analysis;
  const dns = trusted && doc.file === 'main.cf' ? dnsLens(a, params.textDocument.uri, doc.positions) : [];
  return [...dns, ...probeLenses(doc, settings)];
}

function probeLenses(doc: NonNullable<ReturnType<ConfigWorkspace['documentAnalysis']>>, settings: Settings): CodeLens[] {
  const a = doc.result.analysis;
  const hostnames = probeHostnames(a, settings.hostnames);
  if (hostnames.length === 0) return [];
  const services = smtpServices(a);
  if (doc.file === 'main.cf') {
    const entry = a.model.entryOf.get('myhostname');
    const own = configHostnames(a, [])[0];
    if (!entry || entry.value.trim() === '' || own === undefined || !hostnames.includes(own)) return [];
    // Port 25 when some service opens it, else the first port there is.
    const all = services.flatMap((s) => targetsOfService(s, [own]));
    const target = all.find((t) => t.port === 25 && t.host === own) ?? all.find((t) => t.host === own) ?? all[0];
    return target ? [lens(target, doc.positions.rangeToEditor(entry.nameRange))] : [];
  }
  // The name users type into their mail program (the first postfixLens.hostnames entry) for the
  // submission ports; $myhostname, the MX name, for port 25.
  const userFacing = settings.hostnames.map((h) => h.trim()).find((h) => hostnames.some((x) => x.toLowerCase() === h.toLowerCase())) ?? hostnames[0]!;
  const out: CodeLens[] = [];
  for (const s of services) {
    if (!s.range) continue;
    const preferred = s.port === 25 ? hostnames[0]! : userFacing;
    const targets = targetsOfService(s, hostnames);
    const target = targets.find((t) => t.host === preferred) ?? targets[0];
    if (target) out.push(lens(target, doc.positions.rangeToEditor(s.range)));
  }
  return out;
}

/**
 * The lenses name hosts from the settings (postfixLens.hostnames): when they change, ask the client
 * to request them again (workspace/codeLens/refresh), if it says it can.
 */
export class CodeLensRefresh {
  private supported = false;

  initialize(capabilities: ClientCapabilities): void {
    this.supported = capabilities.workspace?.codeLens?.refreshSupport === true;
  }

  refresh(connection: Connection): void {
    if (this.supported) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }
}
