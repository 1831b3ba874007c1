// Random configurations in every syntax form, against the real postconf: same stdout bytes, stderr
// (compared as test/helpers/postconf-stderr.ts says) and exit status for -n, -n -x and -P -x, and the
// same overridden/undefined/unused names from check --json.
// POSTFIX_LENS_FUZZ_RUNS sets the number of configurations (default 150), POSTFIX_LENS_FUZZ_SEED
// the seed (printed on every run, so a failure can be replayed). postconf sleeps a second after a
// fatal error, so its runs go in parallel; the comparisons then run one by one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { makeConfigDirFrom, needPostconf, pool, checkWarningNames, postconfWarningNames, runPostconfAsync, type RunResult } from '../helpers/postconf';
import { runCliInProcess } from '../helpers/cli';
import { configArb } from '../helpers/random-config';
import { matchPostconf } from '../helpers/postconf-stderr';

const RUNS = Number(process.env.POSTFIX_LENS_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.POSTFIX_LENS_FUZZ_SEED ?? Date.now() % 2 ** 31);
const FLAGS = [['-n'], ['-n', '-x'], ['-P', '-x']];

test(`random configurations: postconf output and warnings match (${RUNS} cases, seed ${SEED})`, { timeout: 20 * 60_000 }, async (t) => {
  if (!needPostconf(t)) return;
  const configs = fc.sample(configArb, { numRuns: RUNS, seed: SEED });
  const dirs = configs.map((c) => makeConfigDirFrom(c));
  try {
    const jobs = dirs.flatMap((dir, i) => FLAGS.map((flags) => ({ dir, i, flags })));
    const results = await pool(jobs, 24, (j) => runPostconfAsync(j.dir, j.flags));
    let crashes = 0;
    let skipped = 0;
    let warned = 0;
    for (let i = 0; i < configs.length; i++) {
      const where = `case ${i} of seed ${SEED}: ${JSON.stringify(configs[i])}`;
      let nResult: RunResult | undefined;
      for (let k = 0; k < FLAGS.length; k++) {
        const flags = FLAGS[k];
        const real = results[i * FLAGS.length + k];
        if (k === 0) nResult = real;
        if (real.signal) {
          // postconf 3.7 crashes on some self-references; we must fail cleanly instead.
          process.env.POSTFIX_LENS_PID = String(real.pid);
          const ours = await runCliInProcess(['postconf', '-c', dirs[i], ...flags]);
          crashes++;
          assert.equal(ours.status, 1, `postconf ${flags.join(' ')} crashed (${real.signal}); we must exit 1. ${where}`);
          continue;
        }
        if (real.stderr.length > 0) warned++;
        const r = await matchPostconf(dirs[i], flags, real);
        if (r.problem && r.varies) {
          skipped++;
          console.log(`skipped (postconf itself varies from run to run): postconf ${flags.join(' ')}, ${where}`);
        } else assert.equal(r.problem, null, `postconf ${flags.join(' ')}: ${r.problem}\n${where}`);
      }
      if (nResult && nResult.status === 1 && !nResult.signal) {
        // postconf stops with a fatal error: check must report an error.
        const ours = await runCliInProcess(['check', '--json', '--no-certificates', '-c', dirs[i]]);
        assert.equal(ours.status, 1, `postconf -n failed (${nResult.stderr.trim().split('\n').at(-1)}) but check found no error. ${where}`);
      }
      if (nResult && nResult.status === 0) {
        const ours = await runCliInProcess(['check', '--json', '--no-certificates', '-c', dirs[i]]);
        const report = JSON.parse(ours.stdout.toString('utf8')) as { diagnostics: { code: string; name: string | null; message: string }[] };
        const actual = new Set(checkWarningNames(report.diagnostics));
        assert.deepEqual([...actual].sort(), [...postconfWarningNames(nResult.stderr)].sort(), `warnings differ. ${where}`);
      }
    }
    const runs = RUNS * FLAGS.length;
    console.log(`random configurations: ${RUNS} cases (seed ${SEED}), ${warned} of ${runs} runs with warnings, ${crashes} postconf crashes handled, ${skipped} skipped because postconf varies`);
    assert.ok(skipped <= Math.max(2, runs * 0.03), `${skipped} of ${runs} runs skipped: more than a few percent`);
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
