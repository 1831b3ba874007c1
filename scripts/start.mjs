// npm start: check the bundled example configuration and explain what was printed.
// (The build has already run: see package.json.)
import { spawnSync } from 'node:child_process';

console.log('postfix-lens check examples/   (main.cf and master.cf of a small mail server, with typical mistakes)\n');
const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples'], { stdio: 'inherit' });
console.log(
  `\nExit status ${r.status}: 0 means no errors, 1 means errors were found (as here, on purpose), 2 means the check could not run.` +
    '\nTry it on your own server:  node dist/cli.js check /etc/postfix' +
    '\nCompare with Postfix:        node dist/cli.js postconf -c examples -n -x',
);
process.exit(r.status === 2 ? 2 : 0);
