// textDocument/completion: core/completion decides what is offered; the one thing done here is
// listing a directory for a *_file value, bounded (at most MAX_ENTRIES names) and never blocking
// (asynchronous, given up after LIST_TIMEOUT_MS: a hung network filesystem must not stall typing).

import { opendir } from 'node:fs/promises';
import { CompletionItemKind, CompletionItemTag, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { complete, pathCompletions, type Completion, type CompletionKind, type DirectoryEntry } from '../core/completion/index';
import { withTimeout } from '../io/read-file-safely';
import type { ConfigWorkspace } from './workspace';
import type { PositionMap } from './positions';

export const TRIGGER_CHARACTERS = ['$', '{', '=', ' ', '/', '-'];
const MAX_ENTRIES = 500;
const LIST_TIMEOUT_MS = 1000;

const KIND: Record<CompletionKind, CompletionItemKind> = {
  parameter: CompletionItemKind.Property,
  variable: CompletionItemKind.Variable,
  value: CompletionItemKind.Value,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  keyword: CompletionItemKind.Keyword,
  service: CompletionItemKind.Module,
};

/** The first MAX_ENTRIES entries of a directory; empty when it cannot be read in time. */
export async function listDirectory(dir: string): Promise<DirectoryEntry[]> {
  const work = (async () => {
    const out: DirectoryEntry[] = [];
    // Breaking out of the loop closes the directory handle.
    for await (const e of await opendir(dir, { bufferSize: 64 })) {
      out.push({ name: e.name, directory: e.isDirectory() });
      if (out.length >= MAX_ENTRIES) break;
    }
    return out;
  })();
  return withTimeout(work, LIST_TIMEOUT_MS, []);
}

function toItem(c: Completion, positions: PositionMap): CompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: c.documentation } : {}),
    ...(c.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    ...(c.sortText ? { sortText: c.sortText } : {}),
    textEdit: { range: positions.rangeToEditor(c.edit.range), newText: c.edit.newText },
  };
}

export async function completion(workspace: ConfigWorkspace, params: CompletionParams): Promise<CompletionList | null> {
  const doc = workspace.documentAnalysis(params.textDocument.uri);
  if (!doc) return null;
  const answer = complete(doc.result.analysis, doc.file, doc.positions.toCore(params.position), doc.index);
  const items = 'directory' in answer ? pathCompletions(await listDirectory(answer.directory), answer.range) : answer.items;
  return { isIncomplete: false, items: items.map((c) => toItem(c, doc.positions)) };
}
