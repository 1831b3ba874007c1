// tls-weak-cipher: an smtpd service whose cipher settings in effect (tls/smtpd-tls.ts) prove that
// weak suites can be used (cipher-proof.ts says what the settings alone prove), or that anonymous
// suites are accepted. A warning on a submission service, information on port 25 (judgement.ts).
// Fixes: grade null becomes medium; anonymous suites are excluded with aNULL.

import type { Finding } from '../../types';
import { locate } from '../../tls/config-targets';
import { remoteSmtpdTls, smtpdTls } from '../../tls/smtpd-tls';
import { str, type Fixes, type QuickFix } from '../fix';
import type { Rule } from '../rule';
import { proveCiphers } from './cipher-proof';
import { TLS_WEAK_CIPHER as J } from './judgement';
import { overrideEdits } from '../override-fix';
import { findingAt, who } from './place';

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? (a.model.scopes.find((s) => s.service.id === id) ?? null) : null;
  if (id && !scope) return [];
  const s = smtpdTls(a, scope);
  if (!s) return [];
  const proof = proveCiphers(s);
  const out: QuickFix[] = [];
  if (f.data?.reason === 'null-grade' && s.grade === 'null') {
    const title = `Use the medium grade: ${s.gradeParam} = medium`;
    if (scope) out.push({ title, isPreferred: true, edits: overrideEdits(a, scope, [[s.gradeParam, 'medium']]) });
    else {
      const at = locate(a, s.gradeParam, null);
      if (at) out.push({ title, isPreferred: true, edits: [{ file: 'main.cf', range: at.range, newText: 'medium' }] });
    }
  }
  if (f.data?.reason === 'anonymous' && proof.anonymous && scope) {
    const param = s.mandatory ? 'smtpd_tls_mandatory_exclude_ciphers' : 'smtpd_tls_exclude_ciphers';
    const own = scope.overrideOf.get(param);
    const value = own && scope.params?.get(param) === own.value && own.value !== '' ? `${own.value},aNULL` : 'aNULL';
    out.push({ title: `Exclude anonymous suites: -o ${param}=${value}`, isPreferred: true, edits: overrideEdits(a, scope, [[param, value]]) });
  }
  return out;
};

export const tlsWeakCipherRule: Rule = {
  code: J.code,
  severity: J.severity,
  why: J.why,
  evidence: 'configuration',
  fixes,
  fixExamples: [
    {
      main: 'smtpd_tls_security_level = may\nsmtpd_tls_ciphers = null\n',
      at: 'null',
      title: 'Use the medium grade: smtpd_tls_ciphers = medium',
      after: 'smtpd_tls_security_level = may\nsmtpd_tls_ciphers = medium\n',
    },
    {
      main: 'tls_medium_cipherlist = aNULL:-aNULL:HIGH:MEDIUM:@SECLEVEL=0\n',
      master: 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n',
      file: 'master.cf',
      at: 'submission',
      title: 'Exclude anonymous suites: -o smtpd_tls_mandatory_exclude_ciphers=aNULL',
      after: 'submission inet n - y - - smtpd\n  -o smtpd_tls_mandatory_exclude_ciphers=aNULL\n  -o smtpd_tls_security_level=encrypt\n',
    },
  ],
  check(a) {
    const out: Finding[] = [];
    for (const { settings: s, role } of remoteSmtpdTls(a)) {
      const proof = proveCiphers(s);
      const add = (reason: 'null-grade' | 'weak' | 'anonymous', param: string, message: string) => {
        const f = findingAt(a, J, role, param, s.scope, message, { reason });
        if (f) out.push(f);
      };
      if (proof.weak) {
        const nullGrade = s.grade === 'null';
        const after = nullGrade
          ? 'OpenSSL at its default security level has no such suite left, so clients without TLS 1.3 cannot connect; at level 0 they get no encryption. Use medium (the default) or high.'
          : 'Take it out of the list (Postfix 3.7\'s stock lists need no change).';
        add(nullGrade ? 'null-grade' : 'weak', nullGrade ? s.gradeParam : s.cipherlistParam!, `${who(s.scope)}: ${proof.weak}. ${after}`);
      }
      if (proof.anonymous) {
        const exclude = s.mandatory ? 'smtpd_tls_mandatory_exclude_ciphers' : 'smtpd_tls_exclude_ciphers';
        const advice =
          role === 'submission'
            ? `Mail programs send passwords here, and an anonymous suite lets a man in the middle read them: add aNULL to ${exclude}.`
            : 'On a port where other servers deliver, Postfix allows them on purpose (TLS_README): senders do not authenticate the server there anyway.';
        add('anonymous', s.cipherlistParam!, `${who(s.scope)} accepts anonymous suites (no server certificate): ${s.cipherlistParam} lowers OpenSSL's security level to 0 (@SECLEVEL=0) and aNULL is not excluded. ${advice}`);
      }
    }
    return out;
  },
};
