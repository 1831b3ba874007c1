// Random configurations in every syntax form, against the real postconf: same stdout bytes and exit
// status for -n, -n -x and -P -x, and the same overridden/undefined/unused names from check --json.
// The number of cases per run is POSTFIX_LENS_FUZZ_RUNS (default 150); a failure prints the seed
// and the configuration to reproduce it (set POSTFIX_LENS_FUZZ_SHRINK=1 to shrink it first).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { makeConfigDir, needPostconf, postconfWarningNames, runPostconf } from '../helpers/postconf';
import { runCliInProcess } from '../helpers/cli';
import { configArb } from '../helpers/random-config';

const RUNS = Number(process.env.POSTFIX_LENS_FUZZ_RUNS ?? 150);
const CODE_KIND: Record<string, string> = { 'duplicate-parameter': 'duplicate', 'undefined-reference': 'undefined', 'unknown-parameter': 'unused' };

test(`random configurations: postconf output and warnings match (${RUNS} cases)`, async (t) => {
  if (!needPostconf(t)) return;
  let crashes = 0;
  fc.assert(
    fc.property(configArb, (cfg) => {
      const dir = makeConfigDir(cfg.main, cfg.master);
      try {
        for (const flags of [['-n'], ['-n', '-x'], ['-P', '-x']]) {
          const real = runPostconf(dir, flags);
          const ours = runCliInProcess(['postconf', '-c', dir, ...flags]);
          if (real.signal) {
            // postconf 3.7 crashes on some self-references; we must fail cleanly instead.
            crashes++;
            assert.equal(ours.status, 1, `postconf ${flags.join(' ')} crashed (${real.signal}); we must exit 1`);
            continue;
          }
          const expected = real.stdout.toString('latin1').replace(new RegExp(`\\b${real.pid}\\b`, 'g'), 'PID');
          const actual = ours.stdout.toString('latin1').replace(new RegExp(`\\b${process.pid}\\b`, 'g'), 'PID');
          assert.equal(actual, expected, `postconf ${flags.join(' ')} stdout differs`);
          assert.equal(ours.status, real.status, `postconf ${flags.join(' ')} status differs; postconf said: ${real.stderr.trim()}`);
        }
        const real = runPostconf(dir, ['-n']);
        if (real.status === 0) {
          const ours = runCliInProcess(['check', '--json', '-c', dir]);
          const report = JSON.parse(ours.stdout.toString('utf8')) as { diagnostics: { code: string; name: string | null }[] };
          const actual = new Set(report.diagnostics.filter((d) => CODE_KIND[d.code]).map((d) => `${CODE_KIND[d.code]} ${d.name}`));
          assert.deepEqual([...actual].sort(), [...postconfWarningNames(real.stderr)].sort(), 'warnings differ');
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: RUNS, verbose: 1, endOnFailure: !process.env.POSTFIX_LENS_FUZZ_SHRINK },
  );
  console.log(`random configurations: ${RUNS} cases, ${crashes} postconf crashes handled`);
});
