// invalid-value judges a main.cf value as each master.cf service reads it: expanded with that
// service's -o overrides applied first. The real postconf shows the same view with -P -x: a probe
// "-o pl_probe_N=$name" added to a service expands to what that service's daemon reads for name.
// For every service that reads a main.cf parameter (and does not set it itself), the value we judge
// must be postconf's, on a content-filter set-up and on every corpus pair with a master.cf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeConfig, runRules } from '../../server/src/core/validate';
import { parameterInfo } from '../../server/src/core/catalogue/catalogue';
import { MAC_PARSE_ERROR } from '../../server/src/core/config/macro';
import { mainCfReaders, mayDifferIn, referencesOf } from '../../server/src/core/rules/main-cf-readers';
import { loadInstallation } from '../../server/src/io/installation';
import { makeConfigDir, masterWithProbes, needCorpus, needPostconf, pool, probedValues, runPostconf, runPostconfAsync, SHARED } from '../helpers/postconf';

const FILTER_MAIN = 'smtpd_banner = $custom_banner\nsmtpd_timeout = ${filter_timeout?{$filter_timeout}:{300s}}\nmyhostname = mail.example.com\n';
const FILTER_MASTER = [
  'smtp inet n - y - - smtpd',
  '  -o custom_banner=$myhostname',
  'submission inet n - y - - smtpd',
  '  -o custom_banner=submission',
  '  -o smtpd_tls_security_level=encrypt',
  'amavis unix - - n - 2 smtp',
  '  -o smtp_data_done_timeout=1200',
  '127.0.0.1:10025 inet n - n - - smtpd',
  '  -o content_filter=',
  '  -o custom_banner=filter',
  '  -o filter_timeout=1200s',
  '127.0.0.1:10026 inet n - n - - smtpd',
  '  -o content_filter=',
  '',
].join('\n');

interface Case {
  what: string;
  main: string;
  master: string;
}

interface Probe {
  service: string;
  name: string;
  ours: string;
  line: number;
}

/** master.cf with a probe -o after each reading service's line; the probes and our values for them. */
function withProbes(c: Case, dir: string): { master: string; probes: Probe[] } {
  // The installation: $myhostname and $mynetworks default to what this machine's postconf computes.
  const a = analyzeConfig(c.main, c.master, { version: '3.7', configDir: dir, installation: loadInstallation() });
  const lines = c.master.split('\n');
  const probes: Probe[] = [];
  for (const [name, e] of a.model.entryOf) {
    const info = parameterInfo(name);
    // $process_id is postconf's own pid there, the daemon's when it reads the value.
    if (!info || info.class === 'raw' || !e.value.includes('$') || e.value.includes('process_id')) continue;
    const alone = a.model.expand(e.value, null);
    for (const sc of mainCfReaders(a, name).services) {
      const r = a.model.expand(e.value, sc);
      if (r.status & MAC_PARSE_ERROR) continue;
      // The rule expands again only where the service's -o can change the value: never wrongly.
      if (!mayDifferIn(a.model, sc, referencesOf(e.value))) assert.equal(r.value, alone.value, `${c.what}: ${name} differs in ${sc.service.id}`);
      // Right after the service's first line, where postconf reads options: only while they come
      // first (pipe's flags= and argv= end them).
      const first = sc.service.logical.firstLine;
      if (/-o\s*$/.test(lines[first]!) || sc.service.args.some((t, i, all) => !t.text.startsWith('-') && all[i - 1]?.text !== '-o')) continue;
      probes.push({ service: sc.service.id, name, ours: r.value, line: first });
    }
  }
  return { master: masterWithProbes(c.master, probes), probes };
}

/** Rewrites a config directory's files, dated 2000-01-01 as makeConfigDir dates them. */
function rewrite(dir: string, main: string, master: string): void {
  const old = new Date('2000-01-01T00:00:00Z');
  for (const [f, text] of [['main.cf', main], ['master.cf', master]] as const) {
    fs.writeFileSync(path.join(dir, f), text, 'latin1');
    fs.utimesSync(path.join(dir, f), old, old);
  }
}

const words = (s: string) => s.split(/[ \t\r\n]+/).filter(Boolean).join(' ');

async function compare(cases: Case[]): Promise<number> {
  const dirs = cases.map((c) => makeConfigDir(c.main, ''));
  let compared = 0;
  try {
    const prepared = cases.map((c, i) => ({ c, dir: dirs[i]!, ...withProbes(c, dirs[i]!) })).filter((p) => p.probes.length > 0);
    for (const p of prepared) rewrite(p.dir, p.c.main, p.master);
    const results = await pool(prepared, 8, (p) => runPostconfAsync(p.dir, ['-P', '-x']));
    prepared.forEach((p, i) => {
      const r = results[i]!;
      if (r.status !== 0) return; // postconf stopped (a fatal line elsewhere): nothing to compare
      const theirs = probedValues(r.stdout);
      p.probes.forEach((probe, k) => {
        const key = `${probe.service}\0${k}`;
        assert.ok(theirs.has(key), `${p.c.what}: postconf printed no ${probe.service}/pl_probe_${k} (for ${probe.name})`);
        // postconf prints a value's words separated by single spaces.
        assert.equal(words(probe.ours), words(theirs.get(key)!), `${p.c.what}: ${probe.name} for ${probe.service}`);
        compared++;
      });
    });
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
  return compared;
}

test('a content filter set-up: each service\'s view of main.cf values is postconf -P -x\'s, and the finding names who fails', async (t) => {
  if (!needPostconf(t)) return;
  const n = await compare([{ what: 'content filter', main: FILTER_MAIN, master: FILTER_MASTER }]);
  assert.ok(n >= 8, `compared ${n} values`);
  // postconf does not call $custom_banner undefined (services set it), and neither does check.
  const dir = makeConfigDir(FILTER_MAIN, FILTER_MASTER);
  try {
    assert.doesNotMatch(runPostconf(dir, ['-n']).stderr, /undefined parameter/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const all = runRules(analyzeConfig(FILTER_MAIN, FILTER_MASTER, { version: '3.7' }));
  assert.deepEqual(all.filter((f) => f.code === 'undefined-reference'), []);
  // 127.0.0.1:10026 sets no custom_banner: the one service whose banner is empty.
  const findings = all.filter((f) => f.code === 'invalid-value');
  assert.deepEqual(
    findings.map((f) => f.message),
    ['smtpd_banner = "$custom_banner" (which expands to "" for 127.0.0.1:10026/inet): this parameter must not be empty. Postfix stops with a fatal error when it reads this.'],
  );
});

test('corpus: every service\'s view of main.cf values is postconf -P -x\'s', async (t) => {
  if (!needPostconf(t) || !needCorpus(t)) return;
  const corpus = path.join(SHARED, 'corpus');
  const rows = fs.readFileSync(path.join(corpus, 'RESULTS.tsv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split('\t'));
  const cases = rows
    .filter(([, master]) => master && master !== '-')
    .map(([main, master]) => ({ what: main!, main: fs.readFileSync(path.join(corpus, main!), 'latin1'), master: fs.readFileSync(path.join(corpus, master!), 'latin1') }));
  const n = await compare(cases);
  assert.ok(n >= 100, `compared only ${n} values`);
  console.log(`compared ${n} per-service values on ${cases.length} corpus pairs`);
});
