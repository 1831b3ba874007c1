// Bundles the entry points with esbuild into dist/. Type checking is separate (npm run typecheck).
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

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
  // The extension's main: turns on Node's compile cache where there is one, then requires dist/client.js
  // (a bundle of its own, so that it is compiled after the cache is on; client/src/extension.ts).
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './client.js'] },
  // The client: vscode-languageclient, the commands, the views.
  { ...common, entryPoints: ['client/src/client.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The command line: a small dispatcher and one file per command, loaded only when it runs.
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { ...common.define, POSTFIX_LENS_BUNDLED: 'true' } },
  { ...common, entryPoints: ['server/src/cli/check-command.ts'], outfile: 'dist/cli-check.js' },
  { ...common, entryPoints: ['server/src/cli/postconf-command.ts'], outfile: 'dist/cli-postconf.js' },
  { ...common, entryPoints: ['server/src/cli/probe-command.ts'], outfile: 'dist/cli-probe.js' },
  { ...common, entryPoints: ['server/src/cli/dns-command.ts'], outfile: 'dist/cli-dns.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
