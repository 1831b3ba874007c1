// The postfix-lens language server. Transport from the command line, as every LSP client expects:
// --stdio (Neovim, Helix, Emacs, ...) or --node-ipc (VS Code). Thin: features live in lsp/, logic in core/.

import { CodeActionKind, createConnection, MessageType, ProposedFeatures, ShowMessageNotification, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadInstallation } from './io/installation';
import type { Installation } from './core/config/defaults';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './lsp/settings';
import { ConfigWorkspace, kindOf } from './lsp/workspace';
import { safely } from './lsp/safe';
import { hover } from './lsp/hover';
import { OpensslCiphers } from './io/openssl-ciphers';
import { completion, TRIGGER_CHARACTERS } from './lsp/completion';
import { definition } from './lsp/definition';
import { references } from './lsp/references';
import { documentSymbols } from './lsp/symbols';
import { codeActions } from './lsp/code-actions';
import { CertificateFileWatch } from './lsp/file-watch';
import { WorkspaceTrust } from './lsp/trust';
import { registerProbe } from './lsp/probe';
import { registerProbeProtocols } from './lsp/probe-protocols';
import { CodeLensRefresh, codeLenses } from './lsp/code-lens';
import { registerCertificateSummary } from './lsp/certificate-summary';
import { registerCreateCsr } from './lsp/create-csr';
import { DnsChecks } from './lsp/dns-check';
import type { InitializationOptions } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let settings: Settings = DEFAULT_SETTINGS;
let installation: Installation | undefined;
const trust = new WorkspaceTrust();
const codeLensRefresh = new CodeLensRefresh();
// Untrusted: no postconf is run (the analysis uses the built-in defaults).
const getInstallation = () => (installation ??= loadInstallation({ postconfPath: settings.postconfPath || undefined, runPostconf: trust.trusted }));
const workspace = new ConfigWorkspace(documents, () => settings, getInstallation, () => trust.trusted);
const certificateFiles = new CertificateFileWatch(
  (uri) => documents.get(uri) !== undefined,
  (uri) => {
    const pair = workspace.pairOf(uri);
    if (pair) dns.certificateFilesChanged(pair.mainUri);
    diagnostics.schedule(uri, 0);
  },
  () => [settings.extraCaFile],
  workspace.certificates,
);
const diagnostics = new DiagnosticsPublisher(connection, documents, workspace, (r) => certificateFiles.beforeChecks(r, workspace.certificateTargets(r).targets));
const dns = new DnsChecks({
  workspace,
  settings: () => settings,
  installation: getInstallation,
  trusted: () => trust.trusted,
  republish: (uri) => diagnostics.schedule(uri, 0),
  log: (m) => connection.console.error(m),
});
diagnostics.moreFindings = (r) => {
  dns.afterAnalysis(r, documents.get(r.mainUri) !== undefined);
  return dns.findingsFor(r);
};
let canPullConfiguration = false;

connection.onInitialize((params) => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  trust.initialize(params.initializationOptions as InitializationOptions | undefined);
  codeLensRefresh.initialize(params.capabilities);
  // VS Code sends { settings }; Helix and others send their config section as is ({ postfixLens }).
  const init = params.initializationOptions as { settings?: unknown; postfixLens?: unknown } | undefined;
  const initial = init?.settings ?? init?.postfixLens;
  if (initial !== undefined) applySettings(initial);
  diagnostics.reportTiming = (params.initializationOptions as InitializationOptions | undefined)?.timing === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: TRIGGER_CHARACTERS },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'postfix-lens', version: typeof POSTFIX_LENS_VERSION === 'string' ? POSTFIX_LENS_VERSION : 'dev' },
  };
});

declare const POSTFIX_LENS_VERSION: string;

function applySettings(raw: unknown) {
  const { settings: s, warnings } = readSettings(raw);
  // A notification (window/showMessage), not window.showWarningMessage(): that is a request every
  // client must answer, and one that does not would leave a rejected promise that ends the server.
  for (const w of warnings) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: w });
  // Settings equal to those in force change nothing: the analyses stand. (VS Code answers the first
  // pull with the defaults; forgetting then would analyse every open file twice at start-up, the two
  // analyses of a large file alive at once.)
  if (JSON.stringify(s) === JSON.stringify(settings)) return;
  if (s.postconfPath !== settings.postconfPath) installation = undefined;
  settings = s;
  workspace.forget();
}

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    try {
      applySettings(await connection.workspace.getConfiguration('postfixLens'));
    } catch {
      /* keep defaults */
    }
  }
  diagnostics.publishAll();
});

connection.onDidChangeConfiguration(async (change) => {
  const fromPush = (change.settings as { postfixLens?: unknown } | undefined)?.postfixLens;
  if (fromPush !== undefined) applySettings(fromPush);
  else if (canPullConfiguration) applySettings(await connection.workspace.getConfiguration('postfixLens'));
  diagnostics.publishAll();
  codeLensRefresh.refresh(connection);
});

documents.onDidOpen((e) => kindOf(e.document) && diagnostics.schedule(e.document.uri, 0));
documents.onDidChangeContent((e) => kindOf(e.document) && diagnostics.schedule(e.document.uri));
documents.onDidClose((e) => {
  diagnostics.clear(e.document.uri);
  certificateFiles.closed(e.document.uri);
  const pair = workspace.pairOf(e.document.uri);
  if (pair && !documents.get(pair.mainUri) && !documents.get(pair.masterUri)) dns.closed(pair.mainUri);
  workspace.closed(e.document.uri);
});

// Every feature through safely(): one that throws is logged and answers empty.
// Made on the first hover of a cipher setting: most sessions never need openssl.
let openssl: OpensslCiphers | undefined;
connection.onHover(safely(connection, 'hover', null, (p) => hover(workspace, p, (r) => dns.tlsaFor(r), (list) => (openssl ??= new OpensslCiphers()).list(list, trust.trusted))));
connection.onCompletion(safely(connection, 'completion', null, (p) => completion(workspace, p)));
connection.onDefinition(safely(connection, 'definition', null, (p) => definition(workspace, p)));
connection.onReferences(safely(connection, 'references', [], (p) => references(workspace, p)));
connection.onDocumentSymbol(safely(connection, 'document symbols', [], (p) => documentSymbols(workspace, p)));
connection.onCodeAction(safely(connection, 'code actions', [], (p) => codeActions(workspace, p)));
connection.onCodeLens(safely(connection, 'code lens', [], (p) => codeLenses(workspace, settings, p, trust.trusted)));
registerProbe(connection, { workspace, settings: () => settings, trusted: () => trust.trusted });
registerProbeProtocols(connection, { trusted: () => trust.trusted });
dns.register(connection);
registerCertificateSummary(connection, workspace);
registerCreateCsr(connection, workspace, () => settings);
trust.listen(
  connection,
  () => {
    installation = undefined; // now postconf may run
    workspace.forget();
    diagnostics.publishAll();
    codeLensRefresh.refresh(connection);
  },
  () => {
    dns.clear();
    workspace.forget(); // the facts about this machine's paths go with the trust
    diagnostics.publishAll();
    codeLensRefresh.refresh(connection);
  },
);
connection.onShutdown(() => certificateFiles.dispose());

documents.listen(connection);
connection.listen();
