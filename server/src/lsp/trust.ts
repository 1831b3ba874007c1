// Workspace trust, as VS Code's client reports it. In an untrusted workspace the server runs no
// program (postconf) and opens no connection (the probe); the pure analysis, which only reads the
// configuration and the certificate files it names, goes on. Editors without the notion say
// nothing, and are trusted.

import type { Connection } from 'vscode-languageserver';
import { TrustNotification, type InitializationOptions } from '../protocol';

export class WorkspaceTrust {
  private value = true;

  get trusted(): boolean {
    return this.value;
  }

  /** From initializationOptions: only an explicit `trusted: false` distrusts. */
  initialize(options: InitializationOptions | undefined): void {
    this.value = options?.trusted !== false;
  }

  /**
   * Listens for the client's postfixLens/workspaceTrust. `onGranted` runs when trust goes from
   * false to true (drop what was computed without postconf, and publish again); `onRevoked` when
   * it goes from true to false (VS Code does not do it live, other clients may).
   */
  listen(connection: Connection, onGranted: () => void, onRevoked?: () => void): void {
    connection.onNotification(TrustNotification.type, (p) => {
      const was = this.value;
      this.value = p?.trusted === true;
      const then = !was && this.value ? onGranted : was && !this.value ? onRevoked : undefined;
      try {
        then?.();
      } catch (e) {
        connection.console.error(`postfix-lens: applying workspace trust failed: ${(e as Error)?.stack ?? e}`);
      }
    });
  }
}

export const UNTRUSTED_MESSAGE = 'postfix-lens probes no server in an untrusted workspace: trust the workspace first (Workspaces: Manage Workspace Trust).';

export const UNTRUSTED_DNS_MESSAGE = 'postfix-lens sends no DNS query in an untrusted workspace: trust the workspace first (Workspaces: Manage Workspace Trust).';
