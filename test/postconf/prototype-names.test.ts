// Names that are also properties of every JavaScript object (`constructor`, `__proto__`, `toString`,
// ...) are ordinary words to Postfix. In every place a name can stand in main.cf and master.cf,
// `postfix-lens postconf` prints what the real postconf prints, and `check` reports findings like for
// any other word, never an internal error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { makeConfigDir, needPostconf, pool, runPostconfAsync } from '../helpers/postconf';
import { runCliInProcess } from '../helpers/cli';
import { validate } from '../../server/src/core/validate';
import { PROTOTYPE_NAMES, placesFor } from '../helpers/prototype-names';

test('prototype names: the core analyses them like any other word', () => {
  for (const n of PROTOTYPE_NAMES) {
    for (const [what, main, master] of placesFor(n)) {
      assert.doesNotThrow(() => validate(main, master || null), `${n} as ${what}`);
    }
  }
});

test('prototype names: postfix-lens postconf prints what postconf prints, check reports without an internal error', async (t) => {
  if (!needPostconf(t)) return;
  const cases = PROTOTYPE_NAMES.flatMap((n) => placesFor(n).map(([what, main, master]) => ({ label: `${n} as ${what}`, n, dir: makeConfigDir(main, master) })));
  try {
    const jobs = cases.flatMap((c) => [['-n'], ['-n', '-x'], ['-P'], ['-P', '-x']].map((flags) => ({ c, flags })));
    const results = await pool(jobs, 8, (j) => runPostconfAsync(j.c.dir, j.flags));
    for (const [k, { c, flags }] of jobs.entries()) {
      const real = results[k]!;
      const ours = await runCliInProcess(['postconf', '-c', c.dir, ...flags]);
      const label = `${c.label}: postconf ${flags.join(' ')}`;
      assert.doesNotMatch(ours.stderr, /internal error/, label);
      assert.equal(ours.stdout.toString('latin1'), real.stdout.toString('latin1'), `${label}: stdout`);
      assert.equal(ours.status, real.status, `${label}: exit status (postconf said: ${real.stderr.trim()})`);
    }
    for (const c of cases) {
      const outputs: string[] = [];
      for (const extra of [[], ['--severity', `${c.n}=off`], ['--hostname', c.n]]) {
        const check = await runCliInProcess(['check', '--json', '-c', c.dir, ...extra]);
        assert.doesNotMatch(check.stderr, /internal error/, `${c.label}: check ${extra.join(' ')}`);
        assert.ok(check.status === 0 || check.status === 1, `${c.label}: check exits 0 or 1, not ${check.status}: ${check.stderr}`);
        outputs.push(check.stdout.toString('utf8'));
      }
      // No finding has that code, and no certificate is checked here: neither option changes anything.
      assert.equal(outputs[1], outputs[0], `${c.label}: --severity ${c.n}=off`);
      assert.equal(outputs[2], outputs[0], `${c.label}: --hostname ${c.n}`);
    }
    console.log(`compared ${jobs.length} postconf runs with prototype names`);
  } finally {
    for (const c of cases) fs.rmSync(c.dir, { recursive: true, force: true });
  }
});

test('prototype names: check finds what it finds for an ordinary word', async () => {
  // The same configuration with an ordinary word and with each prototype name gives the same codes.
  const codes = (n: string) =>
    placesFor(n)
      .map(([, main, master]) => validate(main, master || null).map((f) => f.code).join(','))
      .join(' | ');
  const ordinary = codes('someword');
  for (const n of PROTOTYPE_NAMES) assert.equal(codes(n), ordinary, n);
});
