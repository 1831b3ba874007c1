// submission-relay-denied: restrictions that refuse a logged-in user's mail to other domains.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { relayDenial, submissionRelayDeniedRule } from '../../../server/src/core/rules/submission/submission-relay-denied';

function found(main: string, master: string | null) {
  const a = analyzeConfig(main, master, { version: '3.7' });
  return runRules(a)
    .filter((f) => f.code === 'submission-relay-denied')
    .map((f) => ({ line: f.range.start.line + 1, character: f.range.start.character, service: f.service, message: f.message }));
}

const SASL_587 = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n';
const COMPAT = 'compatibility_level = 3.6\n';

test('the first element that refuses relaying, as smtpd reads the list (commas, blanks, any case)', () => {
  assert.deepEqual(relayDenial('permit_mynetworks, reject_unauth_destination'), { element: 'reject_unauth_destination', permitLater: false });
  assert.deepEqual(relayDenial('permit_mynetworks REJECT_UNAUTH_DESTINATION permit_sasl_authenticated'), { element: 'REJECT_UNAUTH_DESTINATION', permitLater: true });
  assert.deepEqual(relayDenial('reject_non_fqdn_recipient,reject_rbl_client zen.spamhaus.org,defer_unauth_destination'), { element: 'defer_unauth_destination', permitLater: false });
  assert.deepEqual(relayDenial('reject'), { element: 'reject', permitLater: false });
  // Lets the user through first, or the default list.
  assert.equal(relayDenial('permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination'), undefined);
  assert.equal(relayDenial('permit_mynetworks, permit'), undefined);
  assert.equal(relayDenial(''), undefined);
  // warn_if_reject makes the next reject a log line.
  assert.equal(relayDenial('warn_if_reject reject_unauth_destination'), undefined);
  // Anything that may let a user through decides what is not known here: not judged.
  for (const maybe of ['check_sasl_access hash:/etc/postfix/sasl_access', 'check_policy_service unix:private/policy', 'check_client_access cidr:/etc/postfix/ok', 'hash:/etc/postfix/access', 'my_class', 'permit_tls_clientcerts', 'defer_if_permit']) {
    assert.equal(relayDenial(`permit_mynetworks ${maybe} reject_unauth_destination`), undefined, maybe);
  }
});

test('main.cf relay restrictions without permit_sasl_authenticated: an error on each SASL submission service', () => {
  const f = found(`${COMPAT}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n`, `${SASL_587}smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n`);
  assert.deepEqual(f.map((x) => [x.line, x.service]), [[2, 'submission/inet'], [5, 'smtps/inet']]);
  assert.equal(
    f[0]!.message,
    'submission/inet lets mail programs log in, but smtpd_relay_restrictions (main.cf line 2) has "reject_unauth_destination" and no permit_sasl_authenticated: ' +
      'a logged-in user\'s mail to other domains is refused ("Relay access denied"). Add -o smtpd_relay_restrictions=permit_sasl_authenticated,reject to this service, or put permit_sasl_authenticated first.',
  );
});

test('recipient restrictions are judged too (they run after the relay restrictions); a $name in a -o is followed into main.cf', () => {
  const f = found(`${COMPAT}smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, permit_sasl_authenticated\n`, SASL_587);
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /smtpd_recipient_restrictions \(main\.cf line 2\) has "reject_unauth_destination" before permit_sasl_authenticated/);
  const master = `${SASL_587}  -o smtpd_relay_restrictions=$mua_relay_restrictions\n`;
  const g = found(`${COMPAT}mua_relay_restrictions = reject\n`, master);
  // On the service's own -o, which is where the list comes from.
  assert.deepEqual(g.map((x) => [x.line, x.character]), [[5, 30]]);
  assert.match(g[0]!.message, /smtpd_relay_restrictions \(this service's -o\) has "reject" and no permit_sasl_authenticated: a logged-in user's mail to other domains is refused\. /);
  assert.deepEqual(found(`${COMPAT}mua_relay_restrictions = permit_sasl_authenticated, reject\n`, master), []);
});

test('working set-ups, SASL off, port 25, an undefined $name, main.cf unread: no finding', () => {
  // Postfix's default relay restrictions (compatibility level 1 and later) put permit_sasl_authenticated first.
  assert.deepEqual(found(COMPAT, SASL_587), []);
  // Debian's submission example.
  assert.deepEqual(found(`${COMPAT}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n`, `${SASL_587}  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n`), []);
  assert.deepEqual(found(`${COMPAT}smtpd_relay_restrictions = reject\n`, 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n'), []);
  assert.deepEqual(found(`${COMPAT}smtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = reject\n`, 'smtp inet n - y - - smtpd\n'), []);
  assert.deepEqual(found(COMPAT, `${SASL_587}  -o smtpd_relay_restrictions=$mua_relay_restrictions\n`), []);
  const unread = analyzeConfig('', SASL_587, { version: '3.7', unread: { file: 'main.cf', size: 4 << 20, limit: 1 << 20 } });
  assert.deepEqual(runRules(unread).filter((f) => f.code === 'submission-relay-denied'), []);
});

test('the quick fix gives the service permit_sasl_authenticated,reject for each list that refuses; the finding goes away', () => {
  const main = `${COMPAT}smtpd_relay_restrictions = reject_unauth_destination\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n`;
  const a = analyzeConfig(main, SASL_587, { version: '3.7' });
  const f = runRules(a).find((x) => x.code === 'submission-relay-denied')!;
  const fixes = submissionRelayDeniedRule.fixes!(a, { ...f, file: 'master.cf' });
  assert.deepEqual(
    fixes.map((x) => [x.title, x.edits.map((e) => e.newText)]),
    [
      [
        'Let logged-in users send: -o smtpd_relay_restrictions=permit_sasl_authenticated,reject -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject',
        ['-o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n  '],
      ],
    ],
  );
  const e = fixes[0]!.edits[0]!;
  const idx = a.master!.index;
  const after = SASL_587.slice(0, idx.offsetAt(e.range.start)) + e.newText + SASL_587.slice(idx.offsetAt(e.range.end));
  assert.deepEqual(found(main, after), []);
});
