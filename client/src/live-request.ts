// What every command that connects or asks DNS does around its request to the server: nothing in an
// untrusted workspace (a warning that offers to manage trust), and the request under a cancellable
// progress notification, its LSP errors said in words.

import { commands, ProgressLocation, window, workspace, type CancellationToken } from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';

/** True in a trusted workspace; otherwise false, after a warning ("postfix-lens probes no server ..."). */
export function trustedOrWarn(refusal: string): boolean {
  if (workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void window.showWarningMessage(`${refusal} in an untrusted workspace.`, manage).then((c) => c === manage && commands.executeCommand('workbench.trust.manage'));
  return false;
}

/**
 * `send` under a cancellable progress titled `title`: its result, or undefined once the user has
 * been told why not. A cancelled request hands what it had to `cancelled`, which says what the user
 * sees of it; the server's refusal in an untrusted workspace (`untrustedCode`) is a warning; any
 * other failure an error naming `what`.
 */
export async function withProgress<R>(
  title: string,
  send: (token: CancellationToken) => Promise<R>,
  handlers: { untrustedCode: number; what: string; cancelled: (partial: R | undefined) => string },
): Promise<R | undefined> {
  try {
    return await window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => send(token));
  } catch (e) {
    if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) {
      void window.showInformationMessage(handlers.cancelled(e.data as R | undefined));
      return undefined;
    }
    if (e instanceof ResponseError && e.code === handlers.untrustedCode) {
      void window.showWarningMessage(e.message);
      return undefined;
    }
    // The client maps a cancelled request to VS Code's CancellationError in some versions.
    if (e instanceof Error && e.name === 'Canceled') return undefined;
    void window.showErrorMessage(`postfix-lens could not ${handlers.what}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
