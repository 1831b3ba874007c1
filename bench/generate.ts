// Deterministic main.cf files of a given number of lines for the benchmarks, shaped like the
// real-world corpus: about a quarter of the lines are settings (the rest comments, blank lines and
// continuation lines), and about one setting in eight refers to another with $name. Settings beyond
// Postfix's own parameters are user-defined restriction classes and tables, which the file makes
// known to Postfix by listing them in smtpd_restriction_classes, as real files do.

const SETTINGS: string[] = [
  'compatibility_level = 3.6',
  'myhostname = mail.example.com',
  'mydomain = example.com',
  'myorigin = $mydomain',
  'mydestination = $myhostname, localhost.$mydomain, localhost',
  'smtpd_banner = $myhostname ESMTP $mail_name ($mail_version)',
  'biff = no',
  'append_dot_mydomain = no',
  'readme_directory = no',
  'smtpd_tls_cert_file = /etc/letsencrypt/live/mail.example.com/fullchain.pem',
  'smtpd_tls_key_file = /etc/letsencrypt/live/mail.example.com/privkey.pem',
  'smtpd_tls_security_level = may',
  'smtp_tls_security_level = may',
  'smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache',
  'alias_maps = hash:/etc/aliases',
  'alias_database = hash:/etc/aliases',
  'relayhost =',
  'mailbox_size_limit = 0',
  'recipient_delimiter = +',
  'inet_interfaces = all',
  'inet_protocols = all',
  'message_size_limit = 52428800',
  'smtpd_helo_required = yes',
  'disable_vrfy_command = yes',
  'delay_warning_time = 4h',
  'smtpd_relay_restrictions = permit_mynetworks,\n    permit_sasl_authenticated,\n    defer_unauth_destination',
  'smtpd_recipient_restrictions = permit_mynetworks,\n    permit_sasl_authenticated,\n    reject_unauth_destination,\n    reject_unknown_recipient_domain',
  'virtual_mailbox_domains = example.com, example.org',
  'virtual_mailbox_base = /var/mail/vhosts',
  'virtual_alias_maps = hash:/etc/postfix/virtual',
];

const COMMENTS = [
  '# The settings below were written by the configuration management system.',
  '# Do not edit them by hand on the server: change the template instead.',
  '# See the postconf(5) manual page for what each parameter means.',
  '#',
];

export function generateMainCf(lines: number): string {
  const out: string[] = [];
  let n = 0;
  let i = 0;
  const classes: string[] = [];
  const push = (s: string) => {
    out.push(s);
    n += s.split('\n').length;
  };
  // Each user block also adds two lines to the smtpd_restriction_classes list at the end.
  while (n + classes.length < lines) {
    for (const c of COMMENTS) push(c);
    if (i < SETTINGS.length) push(SETTINGS[i]);
    else {
      // Two user-defined settings per block; one in eight settings refers to another.
      classes.push(`client_class_${i}`);
      push(`client_class_${i} = check_client_access hash:/etc/postfix/clients_${i}, permit`);
      push(i % 4 === 0 ? `client_table_${i} = $config_directory/table_${i}` : `client_table_${i} = /etc/postfix/table_${i}`);
      classes.push(`client_table_${i}`);
    }
    push('');
    i++;
  }
  push(`smtpd_restriction_classes = ${classes.join(',\n    ') || 'client_class_0'}`);
  return out.join('\n') + '\n';
}

/**
 * A reference-dense variant: every setting refers to others ($name, and a compatibility-level
 * comparison in one of three), half the lines settings. On this shape postconf -n -x spends most of
 * its time expanding, which is where the two implementations differ most.
 */
export function generateDenseMainCf(lines: number): string {
  const out: string[] = [];
  let n = 0;
  let block = 0;
  const push = (s: string) => {
    out.push(s);
    n += 1 + (s.match(/\n/g)?.length ?? 0);
  };
  // The list of classes at the end takes one more line per block.
  while (n + block < lines) {
    push(`# Section ${block}: settings for the part of the system this block configures.`);
    push('# Comments like these make up about half of a typical main.cf.');
    push('#');
    const [name, value] = DENSE_BUILTINS[block % DENSE_BUILTINS.length];
    if (block < DENSE_BUILTINS.length) push(`${name} = ${value}`);
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

const DENSE_BUILTINS: [string, string][] = [
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
