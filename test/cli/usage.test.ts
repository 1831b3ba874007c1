// Usage errors, as a user meets them in the installed command (dist/cli.js, each command its own
// bundle): an unknown option, long or short, or an option without its value is a usage error, not an
// internal one: "postfix-lens COMMAND: what is wrong", then that command's usage, exit status 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { commandUsage } from '../../server/src/cli/usage';
import { CHECK_OPTIONS } from '../../server/src/cli/check-command';
import { POSTCONF_OPTIONS } from '../../server/src/cli/postconf-command';
import { PROBE_OPTIONS } from '../../server/src/cli/probe-command';

const COMMANDS = ['check', 'postconf', 'probe'] as const;

test('unknown long and short options and missing values: the message, the command usage, exit 2', () => {
  const cases: [string[], string][] = [];
  for (const c of COMMANDS) {
    cases.push([[c, '--bogus'], 'unknown option --bogus']);
    cases.push([[c, '--bogus=1', 'x'], 'unknown option --bogus']);
    cases.push([[c, '-Z'], 'unknown option -Z']);
  }
  cases.push([['check', '--hostname'], 'option --hostname needs a value']);
  cases.push([['check', '-c'], 'option -c needs a value']);
  cases.push([['check', '--json=yes'], 'option --json takes no value']);
  cases.push([['postconf', '-c'], 'option -c needs a value']);
  cases.push([['postconf', '-nZ'], 'unknown option -Z']);
  cases.push([['postconf', '--postfix-version'], 'option --postfix-version needs a value']);
  cases.push([['probe', '--timeout'], 'option --timeout needs a value']);
  cases.push([['probe', 'mail.example.com', '--servername'], 'option --servername needs a value']);
  // Thrown after the command has started (in its asynchronous part).
  cases.push([['check', '--now', 'someday', '.'], '--now expects a date']);
  cases.push([['probe', '--timeout', '0', 'mail.example.com'], '--timeout expects milliseconds']);
  cases.push([['probe'], 'probe takes one HOST[:PORT]']);
  cases.push([['probe', '--mx', 'example.org', 'mail.example.org'], 'probe --mx DOMAIN takes no HOST[:PORT]']);
  cases.push([['probe', '--mx', 'example.org', '--tls'], '--tls does not go with --mx']);
  cases.push([['probe', '--mx', 'example.org', '--submission'], '--submission does not go with --mx']);
  cases.push([['probe', '--mx', 'exa mple.org'], '--mx "exa mple.org": not a domain name']);
  cases.push([['probe', '--mx', '..'], '--mx "..": not a domain name']);
  cases.push([['probe', '--resolver', '127.0.0.1', 'mail.example.org'], '--resolver goes with --mx']);
  cases.push([['probe', '--mx', 'example.org', '--resolver', 'dns.example'], '--resolver "dns.example"']);
  cases.push([['dns', '--resolver', 'not-an-address', '.'], '--resolver "not-an-address"']);
  cases.push([['dns', '--timeout', '0', '.'], '--timeout expects milliseconds']);
  cases.push([['check', '--domain', 'example.org', '.'], '--domain needs --dns']);
  for (const [args, message] of cases) {
    const r = runCli(args);
    const what = args.join(' ');
    assert.equal(r.status, 2, what);
    assert.equal(r.stdout.length, 0, what);
    assert.doesNotMatch(r.stderr, /internal error/, what);
    const [first, ...rest] = r.stderr.split('\n');
    assert.ok(first!.startsWith(`postfix-lens ${args[0]}: ${message}`), `${what}: ${first}`);
    assert.equal(rest.join('\n'), commandUsage(args[0] as (typeof COMMANDS)[number]), `${what}: the usage of ${args[0]} follows`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('each usage names every option its command accepts, and COMMAND --help prints it', () => {
  const specs = { check: CHECK_OPTIONS, postconf: POSTCONF_OPTIONS, probe: PROBE_OPTIONS };
  for (const c of COMMANDS) {
    const usage = commandUsage(c);
    assert.match(usage, new RegExp(`^usage: postfix-lens ${c} `));
    const spec = specs[c];
    for (const o of [...(spec.longFlags ?? []), ...(spec.longValued ?? [])]) assert.match(usage, new RegExp(`--${o}\\b`), `${c}: --${o}`);
    for (const o of [...(spec.flags ?? ''), ...(spec.valued ?? '')]) assert.match(usage, new RegExp(`-${o}\\b`), `${c}: -${o}`);
    const help = runCli([c, '--help']);
    assert.equal(help.status, 0);
    assert.equal(help.stdout.toString(), usage);
    assert.equal(help.stderr, '');
  }
});

test('a problem that is not a usage error keeps its one line (an I/O problem is no usage error)', () => {
  const r = runCli(['check', '/nonexistent/main.cf']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /usage:|internal error/);
});
