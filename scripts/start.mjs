// npm start: check the bundled example configuration and explain what was printed, then package the
// VS Code extension and say where the .vsix is and how to install it.
// (The build has already run: see package.json.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

console.log('postfix-lens check examples/   (main.cf and master.cf of a small mail server, with typical mistakes)\n');
const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples'], { stdio: 'inherit' });
console.log(
  `\nExit status ${r.status}: 0 means no errors, 1 means errors were found (as here, on purpose), 2 means the check could not run.` +
    '\nTry it on your own server:  node dist/cli.js check /etc/postfix' +
    '\nCompare with Postfix:        node dist/cli.js postconf -c examples -n -x',
);

// The VS Code extension: scripts/package.mjs builds the .vsix (vsce, content and size checks).
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${pkg.name}-${pkg.version}.vsix`;
console.log('\nPackaging the VS Code extension ...');
const p = spawnSync(process.execPath, ['scripts/package.mjs', '--no-build', '--quiet', '--out', vsix], { encoding: 'utf8' });
if (p.status === 0) {
  const line = p.stdout.trim().split('\n').at(-1) ?? '';
  const size = /\(([\d.]+ KiB)\)/.exec(line)?.[1];
  console.log(
    `VS Code extension: ${process.cwd()}/${vsix}${size ? ` (${size})` : ''}` +
      `\nInstall it:                  code --install-extension ${relative(process.cwd(), vsix) || vsix}` +
      '\n                             (or in VS Code: Extensions view, "...", Install from VSIX...; then open a main.cf)' +
      '\nOther editors (Neovim, Helix, Emacs): node dist/server.js --stdio   (see README.md)' +
      `\nThe command line anywhere:   npm pack && npm install -g ${pkg.name}-${pkg.version}.tgz   (then: postfix-lens --help)`,
  );
} else {
  process.stderr.write(p.stdout + p.stderr);
  console.log('The .vsix could not be built (see above); `npm run package` shows every step.');
}
process.exit(r.status === 2 ? 2 : 0);
