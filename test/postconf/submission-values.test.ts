// The values the submission rules judge, held to the real postconf: for each submission service,
// what the service's daemon reads for each parameter (its -o first, then main.cf, expanded: a probe
// "-o pl_probe_N=$name" under the service, shown by postconf -P -x), and main.cf's own values
// (postconf -h -x). On hand-written set-ups ($mua_* references through main.cf, -o overrides) and
// on every corpus pair with a master.cf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeConfig } from '../../server/src/core/validate';
import { knownExpansion, knownValue, submissionServices } from '../../server/src/core/rules/submission/services';
import { effective } from '../../server/src/core/tls/config-targets';
import { loadInstallation } from '../../server/src/io/installation';
import { makeConfigDir, masterWithProbes, needCorpus, needPostconf, pool, probedValues, runPostconfAsync, SHARED } from '../helpers/postconf';

const PARAMS = [
  'smtpd_sasl_auth_enable', 'smtpd_tls_security_level', 'smtpd_enforce_tls', 'smtpd_tls_auth_only', 'smtpd_tls_wrappermode',
  'smtpd_relay_restrictions', 'smtpd_recipient_restrictions', 'smtpd_sasl_type', 'smtpd_sasl_path', 'queue_directory',
  'config_directory', 'cyrus_sasl_config_path', 'daemon_directory',
];

const CASES = [
  {
    what: 'Debian-style submission with $mua_* lists',
    main:
      'compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_sasl_type = dovecot\nsmtpd_sasl_path = private/auth\n' +
      'mua_relay_restrictions = permit_sasl_authenticated, reject\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n' +
      'smtpd_recipient_restrictions = permit_mynetworks, ${mua_extra}, reject_unauth_destination\nmua_extra = reject_non_fqdn_recipient\n',
    master:
      'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n' +
      '  -o smtpd_relay_restrictions=$mua_relay_restrictions\n  -o queue_directory=/srv/queue\n' +
      'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n  -o { smtpd_recipient_restrictions = permit_sasl_authenticated, reject }\n' +
      '587 inet n - n - - smtpd\n  -o smtpd_enforce_tls=yes\n  -o smtpd_tls_security_level=\n  -o smtpd_sasl_type=cyrus\n  -o cyrus_sasl_config_path=/opt/sasl:/etc/sasl2\n',
  },
];

interface Probe {
  service: string;
  param: string;
  ours: string;
  line: number;
}

const words = (s: string) => s.split(/[ \t\r\n,]+/).filter(Boolean).join(' ');

async function compare(cases: { what: string; main: string; master: string }[]): Promise<number> {
  const installation = loadInstallation();
  let compared = 0;
  const prepared = cases.map((c) => {
    const dir = makeConfigDir(c.main, '');
    const a = analyzeConfig(c.main, c.master, { version: '3.7', configDir: dir, installation });
    const lines = c.master.split('\n');
    const probes: Probe[] = [];
    for (const s of submissionServices(a)) {
      const first = s.service.logical.firstLine;
      if (/-o\s*$/.test(lines[first]!)) continue;
      for (const param of PARAMS) {
        const ours = knownExpansion(a, param, s);
        if (ours === undefined) continue; // an undefined $name: the rules do not judge it
        // The booleans and levels (knownValue) and the lists (knownExpansion) are one view.
        assert.equal(knownValue(a, param, s), ours, `${c.what}: ${param} for ${s.service.id}`);
        probes.push({ service: s.service.id, param, ours, line: first });
      }
    }
    fs.writeFileSync(path.join(dir, 'master.cf'), masterWithProbes(c.master, probes.map((p) => ({ line: p.line, name: p.param }))), 'latin1');
    const old = new Date('2000-01-01T00:00:00Z');
    fs.utimesSync(path.join(dir, 'master.cf'), old, old);
    return { c, dir, a, probes };
  });
  try {
    const results = await pool(prepared, 8, (p) => runPostconfAsync(p.dir, ['-P', '-x']));
    const mains = await pool(prepared, 8, (p) => runPostconfAsync(p.dir, ['-h', '-x', ...PARAMS]));
    prepared.forEach((p, i) => {
      const r = results[i]!;
      if (r.status !== 0) return; // postconf stopped (a fatal line elsewhere): nothing to compare
      const theirs = probedValues(r.stdout);
      p.probes.forEach((probe, k) => {
        const key = `${probe.service}\0${k}`;
        assert.ok(theirs.has(key), `${p.c.what}: postconf printed no ${probe.service}/pl_probe_${k} (for ${probe.param})`);
        assert.equal(words(probe.ours), words(theirs.get(key)!), `${p.c.what}: ${probe.param} for ${probe.service}`);
        compared++;
      });
      const m = mains[i]!;
      if (m.status !== 0) return;
      const values = m.stdout.toString('latin1').split('\n');
      PARAMS.forEach((param, j) => {
        assert.equal(words(effective(p.a, param, null)), words(values[j] ?? ''), `${p.c.what}: main.cf's ${param}`);
        compared++;
      });
    });
  } finally {
    for (const p of prepared) fs.rmSync(p.dir, { recursive: true, force: true });
  }
  return compared;
}

test("the submission services' values are postconf -P -x's, main.cf's are postconf -h -x's", async (t) => {
  if (!needPostconf(t)) return;
  const n = await compare(CASES);
  assert.ok(n >= 3 * PARAMS.length, `compared ${n} values`);
});

test("corpus: the submission services' values are postconf's", async (t) => {
  if (!needPostconf(t) || !needCorpus(t)) return;
  const corpus = path.join(SHARED, 'corpus');
  const rows = fs.readFileSync(path.join(corpus, 'RESULTS.tsv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split('\t'));
  const cases = rows
    .filter(([, master]) => master && master !== '-')
    .map(([main, master]) => ({ what: main!, main: fs.readFileSync(path.join(corpus, main!), 'latin1'), master: fs.readFileSync(path.join(corpus, master!), 'latin1') }));
  const n = await compare(cases);
  assert.ok(n >= 400, `compared only ${n} values`);
  console.log(`compared ${n} submission values on ${cases.length} corpus pairs`);
});
