// The client configuration files of database tables (mysql:/etc/postfix/mysql-virtual.cf and the
// ldap:, pgsql:, sqlite:, memcache: ones), read for the core, which names the files it needs while it
// builds its model (PostconfModel.tableConfigWanted) and gets their texts as data. Only regular files
// are opened (never a FIFO or a device), through readConfigFileSync.

import type { PostconfModel, TableConfigFile } from '../core/config/postconf-model';
import { errnoMessage, readConfigFileSync, type ReadConfigOptions, type ReadConfigResult } from './config-file';

/**
 * At most this many files per analysis: a real configuration names a handful, and a hostile one
 * naming thousands must not make every analysis read thousands of files. The rest are not checked.
 */
export const MAX_TABLE_CONFIG_FILES = 256;

export interface TableConfigOptions extends ReadConfigOptions {
  /** How to read a file (default readConfigFileSync; the language server passes its stat-checked cache). */
  read?: (path: string) => ReadConfigResult;
}

export function readTableConfigFile(path: string, options: TableConfigOptions = {}): TableConfigFile {
  const r = options.read ? options.read(path) : readConfigFileSync(path, options);
  if (r.ok) return { ok: true, text: r.text };
  // postconf opens a directory and then finds it is no regular file.
  const code = r.code === 'EISDIR' ? 'not-regular' : r.code;
  return { ok: false, code, message: code === 'not-regular' ? 'not a regular file' : errnoMessage(code) };
}

/**
 * Runs `analyze` with the table configuration files its model needs: first with the files of
 * `known` (the paths a previous analysis needed, so that an edit usually analyses once), then, if
 * the model asks for others, once more with those read too. Files are read again on every call (a
 * mail admin may have just created one).
 */
export function withTableConfigFiles<T extends { model: PostconfModel }>(
  analyze: (files: ReadonlyMap<string, TableConfigFile>) => T,
  options: TableConfigOptions & { known?: Iterable<string> } = {},
): T {
  const files = new Map<string, TableConfigFile>();
  const add = (paths: Iterable<string>) => {
    for (const p of paths) {
      if (files.size >= MAX_TABLE_CONFIG_FILES) return;
      if (!files.has(p)) files.set(p, readTableConfigFile(p, options));
    }
  };
  if (options.known) add(options.known);
  const first = analyze(files);
  if (first.model.tableConfigWanted.size === 0 || files.size >= MAX_TABLE_CONFIG_FILES) return first;
  add(first.model.tableConfigWanted);
  return analyze(files);
}

/** The table configuration files an analysis used or wanted (to pass as `known` next time). */
export function tableConfigPaths(model: PostconfModel): string[] {
  return [...model.tableConfigUsed, ...model.tableConfigWanted];
}
