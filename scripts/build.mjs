// Bundles the entry points with esbuild into dist/. Type checking is separate (npm run typecheck).
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const watch = process.argv.includes('--watch');

// JSON data (the parameter catalogue) as JSON.parse('...'): V8 reads a JSON string several times
// faster than the same data written as a JavaScript object literal, which shortens start-up.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};
// vscode-languageclient's modules are TypeScript's CommonJS output, and 16 of them take VS Code's API
// as `__importStar(require("vscode"))`, which copies its 300 properties into a new object each time
// (several milliseconds of the extension's activation). They use it by name only, never its
// `default`, so require("vscode") itself is the same to them. Padded to the same length, so that the
// rest of each line keeps its columns. The build fails when none is found (a new version: look again).
let importStarsReplaced = 0;
const vscodeWithoutImportStar = {
  name: 'vscode-without-import-star',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]vscode-languageclient[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const from = '__importStar(require("vscode"))';
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(from)) return undefined;
      importStarsReplaced += text.split(from).length - 1;
      return { contents: text.replaceAll(from, 'require("vscode")'.padEnd(from.length)), loader: 'js' };
    });
  },
};
// vscode-languageclient uses semver only to check VS Code's version against its own caret range;
// client/src/semver-caret.ts does that without semver's 20 KB and 40 regular expressions at load.
const semverCaret = {
  name: 'semver-caret',
  setup(build) {
    build.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) =>
      /[\\/]vscode-languageclient[\\/]/.test(args.importer) ? { path: args.path, namespace: 'semver-caret' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'semver-caret' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(resolve('client/src/semver-caret.ts'))}).${args.path.split('/').pop()};`,
      loader: 'js',
      resolveDir: resolve('.'),
    }));
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: true,
  keepNames: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [jsonAsParse],
  define: { POSTFIX_LENS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};
const builds = [
  // The extension's main: a small loader that runs dist/client.js through V8's code cache.
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The client itself, as the body of a CommonJS module function, so that the loader compiles the
  // file exactly as it is (vm.Script): its lines, columns and source map stay right.
  {
    ...common,
    entryPoints: ['client/src/client.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
    plugins: [...common.plugins, vscodeWithoutImportStar, semverCaret],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The command line: a small dispatcher and one file per command, loaded only when it runs.
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { ...common.define, POSTFIX_LENS_BUNDLED: 'true' } },
  { ...common, entryPoints: ['server/src/cli/check-command.ts'], outfile: 'dist/cli-check.js' },
  { ...common, entryPoints: ['server/src/cli/postconf-command.ts'], outfile: 'dist/cli-postconf.js' },
  { ...common, entryPoints: ['server/src/cli/probe-command.ts'], outfile: 'dist/cli-probe.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
  if (importStarsReplaced === 0) throw new Error('build: no __importStar(require("vscode")) in vscode-languageclient any more; see vscodeWithoutImportStar');
}
