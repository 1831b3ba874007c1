// The real-world main.cf/master.cf corpus (../shared/corpus) against the real postconf: our
// `postfix-lens postconf` prints the same bytes on stdout, the same warnings on stderr (compared as
// test/helpers/postconf-stderr.ts says) and the same exit status for every file and flag set, and
// `check --json` reports the same overridden, undefined and unused names postconf warns about.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeConfigDir, needCorpus, needPostconf, pool, checkWarningNames, postconfWarningNames, runPostconf, runPostconfAsync, SHARED } from '../helpers/postconf';
import { runCliInProcess } from '../helpers/cli';
import { matchPostconf } from '../helpers/postconf-stderr';

const CORPUS = path.join(SHARED, 'corpus');

function corpusCases(): { main: string; master: string | null }[] {
  const rows = fs.readFileSync(path.join(CORPUS, 'RESULTS.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => {
    const [main, master] = r.split('\t');
    return { main, master: master === '-' ? null : master };
  });
}



test('corpus: postfix-lens postconf prints exactly what postconf prints, warnings included', { timeout: 20 * 60_000 }, async (t) => {
  if (!needCorpus(t) || !needPostconf(t)) return;
  const cases = corpusCases();
  assert.ok(cases.length >= 100, `expected the corpus, found ${cases.length} files`);
  const flagSets = [['-n'], ['-n', '-x'], ['-P'], ['-P', '-x'], [], ['-x']];
  const dirs = cases.map((c) => makeConfigDir(fs.readFileSync(path.join(CORPUS, c.main)), c.master ? fs.readFileSync(path.join(CORPUS, c.master)) : ''));
  try {
    // postconf sleeps a second after a fatal error: run it in parallel, compare one by one.
    const jobs = dirs.flatMap((dir, i) => flagSets.map((flags) => ({ dir, i, flags })));
    const results = await pool(jobs, 16, (j) => runPostconfAsync(j.dir, j.flags));
    let skipped = 0;
    let warned = 0;
    for (let k = 0; k < jobs.length; k++) {
      const j = jobs[k];
      const what = `${cases[j.i].main} postconf ${j.flags.join(' ')}`;
      if (results[k].stderr.length > 0) warned++;
      const r = await matchPostconf(j.dir, j.flags, results[k]);
      if (r.problem && r.varies) {
        skipped++;
        console.log(`skipped (postconf itself varies from run to run): ${what}`);
      } else assert.equal(r.problem, null, `${what}: ${r.problem}`);
    }
    console.log(`compared ${jobs.length} postconf runs on ${cases.length} corpus files (${warned} with warnings), stderr included; ${skipped} skipped because postconf varies`);
    assert.ok(warned >= 100, `expected many runs with warnings, saw ${warned}`);
    assert.ok(skipped <= jobs.length * 0.03, `${skipped} of ${jobs.length} runs skipped: more than a few percent`);
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});

test('corpus: check --json reports the names postconf warns about', async (t) => {
  if (!needCorpus(t) || !needPostconf(t)) return;
  let withWarnings = 0;
  for (const c of corpusCases()) {
    const dir = makeConfigDir(fs.readFileSync(path.join(CORPUS, c.main)), c.master ? fs.readFileSync(path.join(CORPUS, c.master)) : '');
    try {
      const real = runPostconf(dir, ['-n']);
      const ours = await runCliInProcess(['check', '--json', '--no-certificates', '-c', dir]);
      const report = JSON.parse(ours.stdout.toString('utf8')) as { diagnostics: { code: string; name: string | null; severity: string; message: string }[] };
      if (real.status !== 0) {
        // postconf stops at the first fatal error; we must report an error too.
        assert.equal(ours.status, 1, `${c.main}: postconf failed (${real.stderr.trim()}) but check found no error`);
        continue;
      }
      const expected = postconfWarningNames(real.stderr);
      const actual = new Set(checkWarningNames(report.diagnostics));
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
    process.env.POSTFIX_LENS_PID = String(real.pid);
    const ours = await runCliInProcess(['postconf', '-c', dir, '-d']);
    const expected = real.stdout.toString('latin1');
    const actual = ours.stdout.toString('latin1');
    assert.equal(actual, expected);
    assert.equal(ours.status, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
