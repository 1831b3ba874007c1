// The quick fix of invalid-value: the value the rule suggests; in a list only the first word that is
// not an item is replaced, keeping its prefix (the "!" of "!SSLv3"). A value that comes from a
// $name is still offered, but not as the preferred fix (the text changes what the name gave).

import { parameterInfo } from '../catalogue/catalogue';
import { wordsOf } from '../navigation/file-path';
import { settingAt, str, textAt, textOf, type Fixes } from './fix';

export const invalidValueFix: Fixes = (a, f) => {
  const suggestion = str(f.data?.suggestion);
  const s = settingAt(a, f.file, f.range);
  const raw = textAt(a, f.file, f.range);
  const index = textOf(a, f.file);
  if (!suggestion || !s || !raw || !index) return [];
  const info = parameterInfo(s.name);
  const expanded = raw.includes('$');
  if (info?.type === 'list' && info.items) {
    const items = info.items.map((x) => x.toLowerCase());
    for (const w of wordsOf(raw)) {
      const prefix = (info.itemPrefixes ?? []).find((p) => w.text.startsWith(p)) ?? '';
      if (items.includes(w.text.slice(prefix.length).toLowerCase())) continue;
      if (w.text.includes('$')) return [];
      const start = index.offsetAt(f.range.start) + w.start + prefix.length;
      const range = { start: index.positionAt(start), end: index.positionAt(index.offsetAt(f.range.start) + w.end) };
      return [{ title: `Change ${w.text.slice(prefix.length)} to ${suggestion}`, isPreferred: true, edits: [{ file: f.file, range, newText: suggestion }] }];
    }
    return [];
  }
  return [{ title: `Change to ${suggestion}`, isPreferred: !expanded, edits: [{ file: f.file, range: f.range, newText: suggestion }] }];
};
