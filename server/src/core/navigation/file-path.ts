// The file a *_file value names, as the Postfix daemon would open it: the word under the cursor
// ($names expanded in the setting's scope), a relative path taken from $queue_directory (where the
// daemons run). Pure: whether the file exists is for the caller to find out.

import { parameterInfo } from '../catalogue/catalogue';
import { effective } from '../tls/config-targets';
import type { ConfigAnalysis } from '../analysis';
import type { Setting } from './at-position';
import { stripTrailing } from '../config/c-string';
import { MAC_PARSE_ERROR } from '../config/macro';

/** Parameters whose value is one file (or, for *_files, a list of files). */
export function namesFiles(name: string): boolean {
  if (/(_file|_files|_CAfile)$/.test(name)) return true;
  const info = parameterInfo(name);
  return info?.type === 'path' && !/(directory|_path|CApath)$/.test(name);
}

/** The words of a list value with their offsets (separators: whitespace and commas). */
export function wordsOf(value: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /[^\s,]+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The absolute path named at `offset` of the setting's value, or null. */
export function filePathAt(a: ConfigAnalysis, setting: Setting, offset: number): string | null {
  if (!namesFiles(setting.name)) return null;
  const word = wordsOf(setting.value).find((w) => offset >= w.start && offset <= w.end);
  if (!word) return null;
  let p = word.text;
  if (p.indexOf('$') !== -1) {
    const r = a.model.expand(p, setting.scope);
    if (r.status & MAC_PARSE_ERROR) return null;
    p = r.value.trim();
  }
  if (!p || /[\s,]/.test(p)) return null;
  if (!p.startsWith('/')) {
    const queue = effective(a, 'queue_directory', setting.scope);
    if (!queue.startsWith('/')) return null;
    p = `${stripTrailing(queue, '/')}/${p}`;
  }
  return p;
}
