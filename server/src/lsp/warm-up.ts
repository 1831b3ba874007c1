// JIT warm-up: right after start, while the editor is still busy opening, analyse a small typical
// main.cf/master.cf pair a few times, one round per turn of the event loop. V8 compiles the parser,
// the expander, the model and the rules while nobody waits for them, so the first edits the user
// makes are as fast as the later ones (cold, an edit takes several times longer). Each round is one
// turn of the event loop, so a request or an edit that arrives waits for one round at most (a few
// milliseconds). No file, process or network is touched.

import { analyzeConfig, runRules } from '../core/validate';
import { configRules } from '../core/rules/index';
import { certificateTargets } from '../core/tls/config-targets';

const MAIN = `compatibility_level = 3.6
myhostname = mail.example.com
mydomain = example.com
myorigin = $mydomain
mydestination = $myhostname, localhost.$mydomain, localhost
inet_interfaces = all
mynetworks = 127.0.0.0/8 [::1]/128
smtpd_banner = $myhostname ESMTP $mail_name
# TLS
smtpd_use_tls = yes
smtpd_tls_security_level = may
smtpd_tls_cert_file = /etc/ssl/certs/ssl-cert-snakeoil.pem
smtpd_tls_key_file = \${config_directory}/ssl-cert-snakeoil.key
smtpd_tls_loglevel = 1
smtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache
smtpd_relay_restrictons = permit_mynetworks,
    permit_sasl_authenticated,
    reject_unauth_destination
smtpd_restriction_classes = special
special = check_client_access hash:/etc/postfix/special, \${{$compatibility_level} <level {3.6} ? {permit} : {reject}}
message_size_limit = 50M
virtual_alias_maps = hash:$config_directory/virtual, $virtual_extra_maps, mysql:/etc/postfix/mysql.cf
smtpd_tls_loglevel = 2
`;

const MASTER = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level = encrypt
  -o smtpd_sasl_auth_enable=yes
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       y       1000?   1       tlsmgr
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
local     unix  -       n       n       -       -       local
`;

export const WARM_UP_ROUNDS = 40;

/** Starts the warm-up; `stop()` true ends it (the server is shutting down). Resolves to the rounds run. */
export function warmUp(stop: () => boolean, rounds = WARM_UP_ROUNDS): Promise<number> {
  return new Promise((resolve) => {
    let done = 0;
    const round = () => {
      if (done >= rounds || stop()) return resolve(done);
      try {
        // A slightly different text each round, as edits make it.
        const main = `${MAIN}smtpd_helo_required = ${done % 2 ? 'yes' : 'no'}\n`;
        const a = analyzeConfig(main, MASTER, { version: '3.7' });
        runRules(a, configRules);
        certificateTargets(a, ['smtp.example.com']);
      } catch {
        return resolve(done); // never let the warm-up be the reason for a failure
      }
      done++;
      setImmediate(round);
    };
    setImmediate(round);
  });
}
