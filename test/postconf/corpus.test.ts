// The real-world main.cf/master.cf corpus (../shared/corpus) against the real postconf: our
// `postfix-lens postconf` prints the same bytes with the same exit status for every file and flag
// set, and `check --json` reports the same overridden, undefined and unused names postconf warns about.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeConfigDir, needCorpus, needPostconf, postconfWarningNames, runPostconf, SHARED } from '../helpers/postconf';
import { runCliInProcess } from '../helpers/cli';

const CORPUS = path.join(SHARED, 'corpus');

function corpusCases(): { main: string; master: string | null }[] {
  const rows = fs.readFileSync(path.join(CORPUS, 'RESULTS.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => {
    const [main, master] = r.split('\t');
    return { main, master: master === '-' ? null : master };
  });
}

const pidPattern = (pid: number) => new RegExp(`(?<!\\d)${pid}(?!\\d)`, 'g');

const CODE_KIND: Record<string, string> = { 'duplicate-parameter': 'duplicate', 'undefined-reference': 'undefined', 'unknown-parameter': 'unused' };

test('corpus: postfix-lens postconf prints exactly what postconf prints', async (t) => {
  if (!needCorpus(t) || !needPostconf(t)) return;
  const cases = corpusCases();
  assert.ok(cases.length >= 100, `expected the corpus, found ${cases.length} files`);
  const flagSets = [['-n'], ['-n', '-x'], ['-P'], ['-P', '-x'], [], ['-x']];
  let compared = 0;
  for (const c of cases) {
    const dir = makeConfigDir(fs.readFileSync(path.join(CORPUS, c.main)), c.master ? fs.readFileSync(path.join(CORPUS, c.master)) : '');
    try {
      for (const flags of flagSets) {
        const real = runPostconf(dir, flags);
        const ours = runCliInProcess(['postconf', '-c', dir, ...flags]);
        const expected = real.stdout.toString('latin1').replace(pidPattern(real.pid), 'PID');
        const actual = ours.stdout.toString('latin1').replace(pidPattern(process.pid), 'PID');
        assert.equal(actual, expected, `${c.main} postconf ${flags.join(' ')}: stdout differs`);
        assert.equal(ours.status, real.status, `${c.main} postconf ${flags.join(' ')}: exit status differs (postconf: ${real.stderr.trim()})`);
        compared++;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`compared ${compared} postconf runs on ${cases.length} corpus files`);
});

test('corpus: check --json reports the names postconf warns about', async (t) => {
  if (!needCorpus(t) || !needPostconf(t)) return;
  let withWarnings = 0;
  for (const c of corpusCases()) {
    const dir = makeConfigDir(fs.readFileSync(path.join(CORPUS, c.main)), c.master ? fs.readFileSync(path.join(CORPUS, c.master)) : '');
    try {
      const real = runPostconf(dir, ['-n']);
      const ours = runCliInProcess(['check', '--json', '-c', dir]);
      const report = JSON.parse(ours.stdout.toString('utf8')) as { diagnostics: { code: string; name: string | null; severity: string }[] };
      if (real.status !== 0) {
        // postconf stops at the first fatal error; we must report an error too.
        assert.equal(ours.status, 1, `${c.main}: postconf failed (${real.stderr.trim()}) but check found no error`);
        continue;
      }
      const expected = postconfWarningNames(real.stderr);
      const actual = new Set(report.diagnostics.filter((d) => CODE_KIND[d.code]).map((d) => `${CODE_KIND[d.code]} ${d.name}`));
      assert.deepEqual([...actual].sort(), [...expected].sort(), `${c.main}: warnings differ`);
      if (expected.size > 0) withWarnings++;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(withWarnings >= 30, `expected many corpus files with warnings, saw ${withWarnings}`);
});

test('corpus: postconf -d matches for the installation', async (t) => {
  if (!needPostconf(t)) return;
  const dir = makeConfigDir('', '');
  try {
    const real = runPostconf(dir, ['-d']);
    const ours = runCliInProcess(['postconf', '-c', dir, '-d']);
    const expected = real.stdout.toString('latin1').replace(/^process_id = \d+$/m, 'process_id = PID');
    const actual = ours.stdout.toString('latin1').replace(/^process_id = \d+$/m, 'process_id = PID');
    assert.equal(actual, expected);
    assert.equal(ours.status, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
