// The command line as a user gets it from the package: `npm pack` of the current dist/, `npm install -g`
// of the tarball into a throwaway prefix, then the installed `postfix-lens` run from an unrelated
// directory, with the installed package's node_modules removed (the bundles need nothing but Node).
// Bounded: packing and installing take a few seconds; every step and run has a time limit.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtures } from '../helpers/certificates';
import { ROOT, runCli } from '../helpers/cli';
import { fakeServer, smtp, type FakeServer } from '../helpers/probe-servers';

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const STEP_MS = 90_000;

let tmp = '';
let prefix = '';
let installed = ''; // <prefix>/lib/node_modules/postfix-lens
let bin = ''; // <prefix>/bin/postfix-lens
let packed: string[] = [];
let env: NodeJS.ProcessEnv = {};

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: STEP_MS, env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The installed command, as a shell runs it: through its #! line, from a directory of its own. */
function postfixLens(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: tmp, env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (e, stdout, stderr) => {
      const status = e ? (typeof e.code === 'number' ? e.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-lens-pack-'));
  prefix = path.join(tmp, 'prefix');
  // --ignore-scripts: no prepack build here. `npm test` has just built dist/, and rebuilding it while
  // other test files run dist/cli.js could hand them a half-written file.
  const out = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], ROOT)) as { filename: string; files: { path: string }[] }[];
  packed = out[0]!.files.map((f) => f.path).sort();
  const tarball = path.join(tmp, out[0]!.filename);
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], tmp);
  installed = path.join(prefix, 'lib', 'node_modules', 'postfix-lens');
  bin = path.join(prefix, 'bin', 'postfix-lens');
  fs.rmSync(path.join(installed, 'node_modules'), { recursive: true, force: true });
  env = {
    PATH: [path.dirname(process.execPath), path.join(prefix, 'bin'), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: tmp,
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
    LANG: 'C.UTF-8',
  };
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the npm package holds the bundles, the docs and the examples, and nothing else', () => {
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'docs/rules.md', 'examples/main.cf', 'examples/master.cf', 'dist/cli.js', 'dist/cli-check.js', 'dist/cli-postconf.js', 'dist/cli-probe.js', 'dist/cli-dns.js', 'dist/server.js']) {
    assert.ok(packed.includes(f), `${f} is in the package: ${packed.join(', ')}`);
  }
  const stray = packed.filter((f) => f.endsWith('.map') || f.endsWith('.ts') || /^(server|client|test|bench|scripts|node_modules)\//.test(f));
  assert.deepEqual(stray, [], 'no sources, maps or tests in the package');
  assert.ok(fs.statSync(bin).isFile(), `${bin} is installed`);
  assert.ok(fs.existsSync(path.join(installed, 'dist', 'server.js')), 'the language server is installed too');
});

test('postfix-lens --version and --help', async () => {
  const v = await postfixLens(['--version']);
  assert.deepEqual(v, { status: 0, stdout: `postfix-lens ${VERSION}\n`, stderr: '' });

  const h = await postfixLens(['--help']);
  assert.equal(h.status, 0);
  assert.equal(h.stderr, '');
  assert.match(h.stdout, /^usage: postfix-lens <command> \[options\]\n/);
  for (const c of ['check', 'postconf', 'probe']) assert.match(h.stdout, new RegExp(`^  ${c} `, 'm'));
  assert.match(h.stdout, /^exit status: 0 no errors, 1 errors found .*, 2 usage or I\/O problem$/m);

  const c = await postfixLens(['check', '--help']);
  assert.equal(c.status, 0);
  assert.match(c.stdout, /^usage: postfix-lens check \[options\] \[-c DIR \| PATH\]\n/, 'COMMAND --help prints its own usage');
  assert.match(c.stdout, /^ {2}--severity CODE=LEVEL /m);

  const none = await postfixLens([]);
  assert.equal(none.status, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^usage: postfix-lens/);
});

test('postfix-lens check on the installed examples/: compiler-style findings, exit 1', async () => {
  const ex = path.join(installed, 'examples');
  const r = await postfixLens(['check', '--no-certificates', ex]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  const at = (prefix: string) => lines.find((l) => l.startsWith(prefix));
  assert.match(at(`${ex}/main.cf:22:1: warning unknown-parameter: `) ?? lines.join('\n'), /smtpd_relay_restrictons.*Did you mean smtpd_relay_restrictions\?$/);
  assert.match(at(`${ex}/main.cf:25:22: error invalid-value: `) ?? lines.join('\n'), /message_size_limit = "50M"/);
  assert.ok(at(`${ex}/master.cf:8:3: error malformed-override: `), lines.join('\n'));
  assert.match(lines.at(-1)!, /\/examples\/main\.cf and \/.*\/examples\/master\.cf: [1-9]\d* error\(s\), \d+ warning\(s\)(, \d+ note\(s\))?$/);
  // The same findings as the checkout's own build.
  assert.equal(r.stdout, runCli(['check', '--no-certificates', ex]).stdout.toString());

  const j = await postfixLens(['check', '--json', '--no-certificates', '-c', ex]);
  assert.equal(j.status, 1);
  const json = JSON.parse(j.stdout) as { file: string; diagnostics: { code: string; line: number; file: string }[] };
  assert.equal(json.file, path.join(ex, 'main.cf'));
  assert.ok(json.diagnostics.some((d) => d.code === 'malformed-override' && d.file === path.join(ex, 'master.cf') && d.line === 8));
});

test('postfix-lens check: certificates are read too; a missing directory is exit 2 in one line', async () => {
  const f = fixtures();
  const d = fs.mkdtempSync(path.join(tmp, 'cf-'));
  const cert = path.join(d, 'cert.pem');
  fs.writeFileSync(cert, f.selfSigned.cert);
  fs.writeFileSync(path.join(d, 'key.pem'), f.selfSigned.key);
  fs.writeFileSync(path.join(d, 'main.cf'), `myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${cert}\nsmtpd_tls_key_file = ${d}/key.pem\n`);
  const r = await postfixLens(['check', d]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`^${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/main\\.cf:3:23: error cert-self-signed: `, 'm'));

  const missing = await postfixLens(['check', path.join(tmp, 'nowhere')]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr.trimEnd().split('\n').length, 1, missing.stderr);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
});

test('postfix-lens postconf prints what the checkout build prints', async () => {
  const ex = path.join(installed, 'examples');
  const r = await postfixLens(['postconf', '-c', ex, '-n']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^myhostname = mail\.example\.com$/m);
  assert.equal(r.stdout, runCli(['postconf', '-c', ex, '-n']).stdout.toString());
});

test('postfix-lens probe against a loopback STARTTLS server: exit 0 trusted, 1 refused, 2 unreachable', async () => {
  const f = fixtures();
  const ca = path.join(tmp, 'ca.pem');
  fs.writeFileSync(ca, f.root.cert);
  let server: FakeServer | undefined;
  try {
    server = await fakeServer(smtp()); // mail.example.com with its intermediate, under f.root
    const ok = await postfixLens(['probe', '--timeout', '15000', '--servername', 'mail.example.com', '--ca-file', ca, `127.0.0.1:${server.port}`]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /STARTTLS/);
    const untrusted = await postfixLens(['probe', '--timeout', '15000', '--servername', 'mail.example.com', `127.0.0.1:${server.port}`]);
    assert.equal(untrusted.status, 1, untrusted.stdout + untrusted.stderr);
    assert.match(untrusted.stdout, /cert-untrusted/);
  } finally {
    await server?.close();
  }
  // A port nobody listens on (the one just closed): the probe says which phase failed.
  const closed = await postfixLens(['probe', '--json', '--timeout', '5000', `127.0.0.1:${server!.port}`]);
  assert.equal(closed.status, 2, closed.stdout + closed.stderr);
  assert.equal(JSON.parse(closed.stdout).error.phase, 'connect');
});
