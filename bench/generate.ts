// Deterministic main.cf files of a given number of lines for the benchmarks: the shape of a real
// one (about half comments, continuation lines, $references, lookup tables, restrictions,
// user-defined parameters that other values refer to), and the master.cf of a stock install.

const BUILTINS: [string, string][] = [
  ['compatibility_level', '3.6'],
  ['myhostname', 'mail.example.com'],
  ['mydomain', 'example.com'],
  ['myorigin', '$mydomain'],
  ['mydestination', '$myhostname, localhost.$mydomain, localhost'],
  ['smtpd_banner', '$myhostname ESMTP $mail_name ($mail_version)'],
  ['smtpd_tls_cert_file', '/etc/letsencrypt/live/mail.example.com/fullchain.pem'],
  ['smtpd_tls_key_file', '/etc/letsencrypt/live/mail.example.com/privkey.pem'],
  ['smtpd_tls_security_level', 'may'],
  ['smtp_tls_security_level', 'may'],
  ['smtp_tls_session_cache_database', 'btree:${data_directory}/smtp_scache'],
  ['alias_maps', 'hash:/etc/aliases'],
  ['virtual_alias_maps', 'hash:$config_directory/virtual, pcre:$config_directory/virtual.pcre'],
  ['smtpd_relay_restrictions', 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination'],
  ['message_size_limit', '52428800'],
  ['smtpd_helo_required', 'yes'],
  ['delay_warning_time', '4h'],
];

export function generateMainCf(lines: number): string {
  const out: string[] = [];
  let n = 0;
  let block = 0;
  const push = (s: string) => {
    out.push(s);
    n += 1 + (s.match(/\n/g)?.length ?? 0);
  };
  while (n < lines) {
    push(`# Section ${block}: settings for the part of the system this block configures.`);
    push('# Comments like these make up about half of a typical main.cf.');
    push('#');
    const [name, value] = BUILTINS[block % BUILTINS.length];
    if (block < BUILTINS.length) push(`${name} = ${value}`);
    push(`site_map_${block} = hash:$config_directory/maps/site_${block}`);
    push(`site_restrictions_${block} = check_client_access $site_map_${block},\n    permit_mynetworks,\n    reject_unauth_destination`);
    push(`smtpd_restriction_classes_note_${block} = $site_restrictions_${block} \${{$compatibility_level} <level {3.6} ? {old} : {new}}`);
    push('');
    block++;
  }
  // Make the user-defined names known to Postfix the way real files do: refer to them.
  push(`smtpd_restriction_classes = ${Array.from({ length: block }, (_, i) => `smtpd_restriction_classes_note_${i}`).join(',\n    ')}`);
  return out.join('\n') + '\n';
}

export const MASTER_CF = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
local     unix  -       n       n       -       -       local
`;
