// Builds dist/ and packages the VS Code extension as a .vsix with @vscode/vsce, then checks what went in:
// only the bundled code and the files .vscodeignore allows (no node_modules, no source maps), and a
// size budget of 1 MiB. Prints the .vsix's path, its size and its files.
// Usage: node scripts/package.mjs [--out FILE.vsix]   (default: postfix-lens-<version>.vsix here)
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_BYTES = 1024 * 1024;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg >= 0 ? process.argv[outArg + 1] : join(ROOT, `${pkg.name}-${pkg.version}.vsix`));

// Every path the package may hold (inside the zip, below extension/), and those it must hold.
const ALLOWED = [
  /^package\.json$/, /^readme\.md$/, /^changelog\.md$/, /^LICENSE(\.txt)?$/, /^language-configuration\.json$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/, /^dist\/(extension|server|cli|cli-check|cli-postconf|cli-probe)\.js$/, /^images\/icon\.png$/,
];
const REQUIRED = ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/cli-check.js', 'dist/cli-postconf.js', 'dist/cli-probe.js', 'images/icon.png'];

// README's relative links (ARCHITECTURE.md, ...) become links into the repository that package.json
// names; vsce guesses that only for GitHub and GitLab and refuses to package otherwise.
const repo = String(pkg.repository?.url ?? pkg.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
const baseUrls = repo ? ['--baseContentUrl', `${repo}/blob/HEAD/`, '--baseImagesUrl', `${repo}/raw/HEAD/`] : [];

function run(file, args) {
  try {
    execFileSync(file, args, { cwd: ROOT, stdio: 'inherit' });
  } catch (e) {
    console.error(`package: ${file} ${args.join(' ')} failed (${e.status ?? e.signal ?? e.message})`);
    process.exit(1);
  }
}
run(process.execPath, [join(ROOT, 'scripts/build.mjs')]);
// --no-dependencies: esbuild bundled every runtime dependency into dist/, so node_modules stays out.
run(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', ...baseUrls, '--out', out]);

const entries = zipEntries(readFileSync(out));
const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
const problems = [
  ...files.filter((f) => !ALLOWED.some((re) => re.test(f))).map((f) => `not on the allow-list: ${f}`),
  ...REQUIRED.filter((f) => !files.includes(f)).map((f) => `missing: ${f}`),
];
const size = statSync(out).size;
if (size > BUDGET_BYTES) problems.push(`${size} bytes is over the ${BUDGET_BYTES}-byte budget`);

for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
console.log(`VSIX ${out}: ${size} bytes (${(size / 1024).toFixed(1)} KiB), ${files.length} files`);
if (problems.length) {
  for (const p of problems) console.error(`package: ${p}`);
  process.exit(1);
}

/** Names and uncompressed sizes from a zip's central directory. */
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${out} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const list = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${out}: bad central directory entry ${i}`);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    list.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size: buf.readUInt32LE(p + 24) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return list;
}
