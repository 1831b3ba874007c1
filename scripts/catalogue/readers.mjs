#!/usr/bin/env node
// Generates server/src/core/catalogue/data/parameter-readers.json: which Postfix programs read each
// main.cf parameter, from the Postfix source tree. A rule uses it to judge a main.cf value the way
// the programs that read it see it: a master.cf daemon with its service's -o overrides applied
// first, every other program (the postfix command, sendmail, master itself) with main.cf alone.
//
// HOW TO RE-RUN
//   Get the Postfix 3.7.11 sources (see generate.mjs), then from the repository root:
//     node scripts/catalogue/readers.mjs [/path/to/postfix-3.7.11] [--check]
//   --check: do not write; exit 1 if the committed file differs from a fresh run.
//
// WHAT IS READ
//   * Every parameter a program's configuration tables list (the CONFIG_*_TABLE initialisers that
//     postconf's own extract.awk reads), and every direct get_mail_conf_*()/mail_conf_lookup*()
//     of a VAR_ name. A file belongs to the program of its directory (src/smtpd/*.c: smtpd);
//     src/smtp/smtp_params.c is the smtp program's and lmtp_params.c the lmtp program's (one binary
//     that reads smtp_* or lmtp_* by the name it runs as).
//   * src/global/mail_params.c is read by every program, and so are library directories (global,
//     tls, util, dns, milter, xsasl, master's server skeletons): which programs call a library
//     function is not worked out, so its parameters count as read by every program ("*"). That is
//     the cautious side: a value every program may read is judged as main.cf says it.
//   * "daemons" lists the programs master(8) runs from master.cf (those that call a
//     *_server_main() skeleton); the other programs never see a service's -o.
//   * Test programs (*test*.c, *_tester.c) and postconf (whose tables describe everyone) are skipped.
//
// This script must not depend on anything outside Node's standard library.

import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, '..', '..', 'server', 'src', 'core', 'catalogue', 'data', 'parameter-readers.json');
const argv = process.argv.slice(2);
const check = argv.includes('--check');
const SRC = resolve(argv.find((a) => !a.startsWith('--')) ?? '/tmp/pfsrc/postfix-3.7.11');
if (!existsSync(join(SRC, 'src', 'global', 'mail_params.h'))) {
  console.error(`readers.mjs: ${SRC} does not look like a Postfix source tree`);
  process.exit(1);
}
const version = /#define\s+MAIL_VERSION_NUMBER\s+"([^"]+)"/.exec(readFileSync(join(SRC, 'src', 'global', 'mail_version.h'), 'utf8'))?.[1] ?? '?';

const LIBRARIES = new Set(['global', 'tls', 'util', 'dns', 'milter', 'xsasl', 'master', 'masterlib']);
const SKIP = new Set(['postconf', 'fsstone', 'smtpstone']);

const dirs = readdirSync(join(SRC, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const files = [];
for (const d of dirs) {
  for (const f of readdirSync(join(SRC, 'src', d))) if (/\.[ch]$/.test(f)) files.push({ dir: d, name: f, text: readFileSync(join(SRC, 'src', d, f), 'latin1') });
}

// VAR_ macros: a string, or strings and other VAR_ macros pasted together.
const defs = new Map();
for (const f of files) {
  for (const m of f.text.matchAll(/^#\s*define\s+(VAR_[A-Z0-9_]+)[ \t]+((?:"[^"]*"|VAR_[A-Z0-9_]+|[ \t])+)(?:\/\*.*\*\/[ \t]*)?$/gm)) defs.set(m[1], m[2]);
}
const resolved = new Map();
function nameOf(macro, depth = 0) {
  if (resolved.has(macro)) return resolved.get(macro);
  const body = defs.get(macro);
  if (body === undefined || depth > 10) return null;
  let out = '';
  for (const t of body.matchAll(/"([^"]*)"|(VAR_[A-Z0-9_]+)/g)) {
    const part = t[1] ?? nameOf(t[2], depth + 1);
    if (part === null) return null;
    out += part;
  }
  resolved.set(macro, out);
  return out;
}

/** The programs a source file's reads count for. */
function programsOf(dir, file) {
  if (dir === 'global' && file === 'mail_params.c') return ['*'];
  if (LIBRARIES.has(dir)) return ['*'];
  if (dir === 'smtp') return file === 'smtp_params.c' ? ['smtp'] : file === 'lmtp_params.c' ? ['lmtp'] : ['smtp', 'lmtp'];
  return [dir];
}

const daemons = new Set();
const readers = new Map();
const add = (name, programs) => {
  let s = readers.get(name);
  if (!s) readers.set(name, (s = new Set()));
  for (const p of programs) s.add(p);
};
for (const f of files) {
  if (!f.name.endsWith('.c') || SKIP.has(f.dir) || /test/i.test(f.name)) continue;
  const programs = programsOf(f.dir, f.name);
  if (!LIBRARIES.has(f.dir) && /\b(single|multi|trigger|event|dgram)_server_main\s*\(/.test(f.text)) for (const p of programs) daemons.add(p);
  // Table initialisers, as extract.awk finds them: from the line that opens one to "};".
  let inTable = false;
  for (const line of f.text.split('\n')) {
    if (/^(static| )*(const +)?CONFIG_[A-Z_]+_TABLE .*\{/.test(line)) inTable = true;
    if (inTable) {
      const first = /^\s*(VAR_[A-Z0-9_]+)\s*,/.exec(line);
      const name = first && nameOf(first[1]);
      if (name) add(name, programs);
      if (/\};/.test(line)) inTable = false;
    }
  }
  for (const m of f.text.matchAll(/\b(?:get_mail_conf_[a-z0-9_]+|mail_conf_lookup(?:_eval)?)\(\s*(VAR_[A-Z0-9_]+)/g)) {
    const name = nameOf(m[1]);
    if (name) add(name, programs);
  }
}
// smtp and lmtp are one binary, and master.cf runs it under both names.
if (daemons.has('smtp')) daemons.add('lmtp');

const out = {
  source: `Postfix ${version}`,
  daemons: [...daemons].sort(),
  readers: Object.fromEntries(
    [...readers]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([name, s]) => [name, s.has('*') ? ['*'] : [...s].sort()]),
  ),
};
const text = JSON.stringify(out, null, 0).replace(/\],"/g, '],\n"').replace(/^\{/, '{\n').replace(/\}\}$/, '}\n}\n');
if (check) {
  const old = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (old !== text) {
    console.error('parameter-readers.json differs from a fresh run');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}: ${readers.size} parameters, ${daemons.size} daemons`);
}
