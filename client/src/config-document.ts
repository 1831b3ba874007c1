// Which main.cf or master.cf a command is about: the active editor's, else an open one, else one
// found in the workspace (the user picks when there are several).

import * as path from 'node:path';
import { window, workspace, type Uri } from 'vscode';

export const LANGUAGES = ['postfix-main-cf', 'postfix-master-cf'];

export function isConfigDocument(doc: { languageId: string } | undefined): boolean {
  return !!doc && LANGUAGES.includes(doc.languageId);
}

/** The active editor's configuration document, or any open one; undefined when none is open. */
export function openConfigDocument(): Uri | undefined {
  const active = window.activeTextEditor?.document;
  if (isConfigDocument(active)) return active!.uri;
  return workspace.textDocuments.find((d) => isConfigDocument(d) && !d.isClosed)?.uri;
}

/** As openConfigDocument(), else a main.cf of the workspace (asking which when there are several). */
export async function findConfigDocument(): Promise<Uri | undefined> {
  const open = openConfigDocument();
  if (open) return open;
  const found = await workspace.findFiles('**/main.cf', '**/node_modules/**', 20);
  if (found.length <= 1) return found[0];
  const pick = await window.showQuickPick(
    found.map((uri) => ({ label: workspace.asRelativePath(uri), description: path.dirname(uri.fsPath), uri })),
    { title: 'Which main.cf?' },
  );
  return pick?.uri;
}
