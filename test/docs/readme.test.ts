// README.md against package.json: the settings and commands tables list exactly what the extension
// contributes, with the same defaults and titles; every picture it shows exists in docs/images/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The rows of the first Markdown table after `heading`, as arrays of cell texts. */
function table(heading: string): string[][] {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has a "${heading}" section`);
  const lines = readme.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

test('the settings table lists every setting of package.json, with its default', () => {
  const properties = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const rows = table('### Settings');
  assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(properties).map((k) => `\`${k}\``).sort());
  for (const [name, p] of Object.entries(properties)) {
    const row = rows.find((r) => r[0] === `\`${name}\``)!;
    assert.equal(row[1], `\`${JSON.stringify(p.default)}\``, `default of ${name}`);
  }
});

test('the commands table lists every command of package.json, with its title and id', () => {
  const commands = pkg.contributes.commands as { command: string; title: string; category?: string }[];
  const rows = table('### Commands');
  assert.deepEqual(
    rows.map((r) => `${r[0]} ${r[1]}`).sort(),
    commands.map((c) => `${c.category ? `${c.category}: ` : ''}${c.title} \`${c.command}\``).sort(),
  );
});

test('every picture the README shows is in docs/images/', () => {
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(images.length >= 6, `the README shows pictures: ${images.join(', ')}`);
  for (const src of images) {
    assert.match(src, /^docs\/images\/[\w-]+\.png$/, 'pictures come from docs/images/ (made by npm run e2e)');
    assert.ok(fs.existsSync(path.join(ROOT, src)), `${src} exists`);
  }
});

test('set-up is two commands', () => {
  const setUp = readme.slice(readme.indexOf('## Set up'));
  const block = /```sh\n([\s\S]*?)```/.exec(setUp)![1]!;
  assert.deepEqual(block.trim().split('\n').map((l) => l.replace(/\s+#.*$/, '')), ['npm install && npm start', 'npm test']);
});
