// Counts what `postfix-lens check` reports on the real-world corpus, per code: a change to a rule
// should lower the false alarms, never raise them. Each main.cf is checked with the master.cf that
// RESULTS.tsv pairs it with (as the postconf differential tests do), configuration checks only.
//
//   node scripts/build.mjs && node bench/corpus-findings.mjs [--cli dist/cli.js] [--show CODE]
//
// --show CODE also prints every finding of that code (file:line: message), to judge them one by one.
// Figures, not assertions: compare the table before and after a change.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const corpus = process.env.POSTFIX_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const cli = path.resolve(opt('--cli') ?? path.join(root, 'dist', 'cli.js'));
const show = opt('--show');

const rows = fs.readFileSync(path.join(corpus, 'RESULTS.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-corpus-'));
const counts = new Map(); // code -> [findings, files]
const shown = [];
try {
  for (const [file, master] of rows) {
    const dir = path.join(tmp, path.basename(file, '.cf'));
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(corpus, file), path.join(dir, 'main.cf'));
    if (master && master !== '-') fs.copyFileSync(path.join(corpus, master), path.join(dir, 'master.cf'));
    const r = spawnSync(process.execPath, [cli, 'check', '--json', '--no-certificates', '--postfix-version', '3.7', dir], { maxBuffer: 64 << 20 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${file}: exit ${r.status}: ${r.stderr}`);
    const seen = new Set();
    for (const d of JSON.parse(r.stdout.toString()).diagnostics) {
      const c = counts.get(d.code) ?? [0, 0];
      c[0]++;
      if (!seen.has(d.code)) c[1]++;
      seen.add(d.code);
      counts.set(d.code, c);
      if (d.code === show) shown.push(`${file}${d.file.endsWith('master.cf') ? ` (${master})` : ''}:${d.line}: ${d.severity}: ${d.message}`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${rows.length} main.cf files (${rows.filter((r) => r[1] && r[1] !== '-').length} with a master.cf)\n`);
console.log('| code | findings | files |\n| --- | ---: | ---: |');
for (const [code, [n, f]] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`| ${code} | ${n} | ${f} |`);
if (show) console.log(`\n${shown.join('\n')}`);
