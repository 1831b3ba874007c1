// config-file-too-large: the language server reads the other file of the pair (the master.cf beside
// an open main.cf, or the main.cf beside an open master.cf) from disk, but not one far larger than a
// real one: a generated master.cf of megabytes cost the server hundreds of MiB and seconds on every
// edit. The open file is then checked without it, and this finding says so on its first line.

import type { Rule } from './rule';

export const configFileTooLargeRule: Rule = {
  code: 'config-file-too-large',
  severity: 'warning',
  why: 'A main.cf or master.cf of megabytes is not a real configuration, and the editor checks the open file without it.',
  evidence: 'configuration',
  check(ctx) {
    const u = ctx.unread;
    if (!u) return [];
    const other = u.file === 'main.cf' ? 'master.cf' : 'main.cf';
    const what = u.file === 'master.cf' ? 'its services and -o settings are' : 'its settings, $names and certificate files are';
    return [
      {
        code: 'config-file-too-large',
        severity: 'warning',
        message:
          `${u.file} beside this file is ${(u.size / 1024 / 1024).toFixed(1)} MiB (${u.size} bytes), far larger than any real ${u.file} ` +
          `(a few KiB; the language server reads one of up to ${Math.round(u.limit / 1024)} KiB), so it was not read: ${what} not part of this check. ` +
          `Open it in the editor, or run postfix-lens check on the directory, to check it.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        file: other,
      },
    ];
  },
};
