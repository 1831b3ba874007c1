// Builds dist/ and packages the VS Code extension as a .vsix with @vscode/vsce, then checks what went in:
// only the bundled code and the files .vscodeignore allows (no node_modules, no source maps), and a
// size budget of 1 MiB. Prints the .vsix's path, its size and its files.
// Usage: node scripts/package.mjs [--out FILE.vsix] [--no-build] [--quiet]
//   --out       default: postfix-lens-<version>.vsix here
//   --no-build  dist/ was just built (npm start)
//   --quiet     print only the last line (the .vsix's path and size), or what went wrong
//
// vsce refuses a package.json with a "files" list beside a .vscodeignore ("VSCE does not support
// combining both strategies"), and both are needed: "files" says what the npm package (the command
// line and the language server) holds, .vscodeignore what the VSIX holds. So vsce runs on a staging
// copy of the checkout whose package.json has no "files"; .vscodeignore still decides what goes in.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_BYTES = 1024 * 1024;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg >= 0 ? process.argv[outArg + 1] : join(ROOT, `${pkg.name}-${pkg.version}.vsix`));
const quiet = process.argv.includes('--quiet');

// Every path the package may hold (inside the zip, below extension/), and those it must hold.
const ALLOWED = [
  /^package\.json$/, /^readme\.md$/, /^changelog\.md$/, /^LICENSE(\.txt)?$/, /^language-configuration\.json$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/, /^dist\/(extension|client|server|cli|cli-check|cli-postconf|cli-probe|cli-dns)\.js$/, /^images\/icon\.png$/,
];
const REQUIRED = ['package.json', 'dist/extension.js', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/cli-check.js', 'dist/cli-postconf.js', 'dist/cli-probe.js', 'dist/cli-dns.js', 'images/icon.png'];

// README's relative links (ARCHITECTURE.md, ...) become links into the repository that package.json
// names; vsce guesses that only for GitHub and GitLab and refuses to package otherwise.
const repo = String(pkg.repository?.url ?? pkg.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
const baseUrls = repo ? ['--baseContentUrl', `${repo}/blob/HEAD/`, '--baseImagesUrl', `${repo}/raw/HEAD/`] : [];

/** Runs a command; false (after saying so, with its output when --quiet held it back) when it fails. */
function run(file, args, cwd = ROOT) {
  try {
    execFileSync(file, args, { cwd, stdio: quiet ? 'pipe' : 'inherit' });
    return true;
  } catch (e) {
    if (quiet) process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
    console.error(`package: ${file} ${args.join(' ')} failed (${e.status ?? e.signal ?? e.message})`);
    return false;
  }
}
if (!process.argv.includes('--no-build') && !run(process.execPath, [join(ROOT, 'scripts/build.mjs')])) process.exit(1);
const stage = mkdtempSync(join(tmpdir(), 'postfix-lens-vsix-'));
let packaged;
try {
  // Only the top-level files and folders .vscodeignore lets in (never node_modules, test/ or .git).
  const allowed = new Set(['.vscodeignore']);
  for (const line of readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n')) {
    const m = /^!\/?([^/*\s]+)/.exec(line.trim());
    if (m && m[1] !== 'package.json') allowed.add(m[1]);
  }
  for (const name of readdirSync(ROOT)) {
    if (allowed.has(name)) cpSync(join(ROOT, name), join(stage, name), { recursive: true });
  }
  const { files: _npmFiles, ...manifest } = pkg;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  // --no-dependencies: esbuild bundled every runtime dependency into dist/, so node_modules stays out.
  packaged = run(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', ...baseUrls, '--out', out], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
if (!packaged) process.exit(1);

const entries = zipEntries(readFileSync(out));
const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
const problems = [
  ...files.filter((f) => !ALLOWED.some((re) => re.test(f))).map((f) => `not on the allow-list: ${f}`),
  ...REQUIRED.filter((f) => !files.includes(f)).map((f) => `missing: ${f}`),
];
const size = statSync(out).size;
if (size > BUDGET_BYTES) problems.push(`${size} bytes is over the ${BUDGET_BYTES}-byte budget`);

if (!quiet) for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
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
