// A real JSON-RPC client for the language server: starts `node dist/server.js --stdio` and speaks
// LSP to it, as Neovim or Helix would. Waits are for messages, never fixed sleeps.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  stderr = '';
  /** window/logMessage texts, in order (the server logs failures of features there). */
  readonly logMessages: string[] = [];

  /** window/showMessage notifications, in order (settings warnings go there). */
  readonly shownMessages: { type: number; message: string }[] = [];

  /**
   * `spawnAs` runs the server through another command (the benchmark uses strace); `options` sets
   * the server's working directory and environment (default: this process's).
   */
  constructor(args: string[] = ['--stdio'], spawnAs?: { command: string; args: string[] }, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    const spawnOptions = { stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'], cwd: options.cwd, env: options.env };
    this.proc = spawnAs ? spawn(spawnAs.command, spawnAs.args, spawnOptions) : spawn(process.execPath, [SERVER, ...args], spawnOptions);
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, [...(this.diagnostics.get(p.uri) ?? []), p]);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p.diagnostics)) {
          w.resolve(p.diagnostics);
          return false;
        }
        return true;
      });
    });
    // Like a real client: the settings pulled are the ones given at initialize.
    this.conn.onRequest('workspace/configuration', () => [this.settings]);
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logMessages.push(p.message));
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => void this.shownMessages.push(p));
    this.conn.listen();
  }

  private settings: unknown = {};

  /** `extra` goes into initializationOptions beside the settings (e.g. { timing: true }). */
  async initialize(settings: unknown = {}, extra: Record<string, unknown> = {}): Promise<unknown> {
    this.settings = settings;
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
      initializationOptions: { settings, ...extra },
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  open(uri: string, text: string, languageId = 'postfix-main-cf', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** The next diagnostics for uri that satisfy pred (the latest already received counts). */
  waitForDiagnostics(uri: string, pred: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const last = this.diagnostics.get(uri)?.at(-1);
    if (last && pred(last.diagnostics)) return Promise.resolve(last.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri)?.at(-1)?.diagnostics.map((d) => d.code))}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  /** Any request, for methods without a helper below. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** A request about a position in a document. */
  at<R>(method: string, uri: string, position: Position, extra: Record<string, unknown> = {}): Promise<R> {
    return this.request<R>(method, { textDocument: { uri }, position, ...extra });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.at('textDocument/hover', uri, position);
  }

  /** The completion items (a CompletionList or a bare array, as servers may answer either). */
  async completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
    const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
    const r = await this.at<CompletionList | CompletionItem[] | null>('textDocument/completion', uri, position, { context });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  definition(uri: string, position: Position): Promise<Location[] | Location | null> {
    return this.at('textDocument/definition', uri, position);
  }

  references(uri: string, position: Position, includeDeclaration = false): Promise<Location[] | null> {
    return this.at('textDocument/references', uri, position, { context: { includeDeclaration } });
  }

  documentSymbols(uri: string): Promise<DocumentSymbol[] | null> {
    return this.request('textDocument/documentSymbol', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[] | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  /** The server's peak resident set size so far (VmHWM), MiB; Linux only. */
  peakRssMiB(): number {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
