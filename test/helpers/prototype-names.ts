// Names that are also properties of every JavaScript object, and every place a name can stand in
// main.cf and master.cf: shared by the postconf, check and language server tests.

export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];

const SMTPD = (extra: string) => `smtp inet n - n - - smtpd\n${extra}`;

/** Every place a name can stand: [what, main.cf, master.cf]. */
export function placesFor(n: string): [string, string, string][] {
  return [
    ['a main.cf parameter name', `${n} = 1\n`, ''],
    ['a main.cf name used and defined', `${n} = x\nsmtpd_banner = $${n}\n`, ''],
    ['a $reference to an undefined name', `smtpd_banner = $${n} \${${n}} $(${n})\n`, ''],
    ['a conditional reference', `smtpd_banner = \${${n}?yes} \${${n}:no}\n`, ''],
    ['a relational operand', `smtpd_banner = \${{$${n}} == {x}?a:b}\n`, ''],
    ['a table type', `alias_maps = ${n}:/etc/aliases\nvirtual_alias_maps = proxy:${n}:/etc/x\n`, ''],
    ['a legacy database client name', `virtual_alias_maps = mysql:${n} ldap:${n} pgsql:${n}\n${n}_hosts = db\n${n}_server_host = ldap\n`, ''],
    ['a master.cf service name', 'myhostname = mail.example.com\n', `${n} unix - - n - - smtpd\n${n} inet n - n - - smtpd\n`],
    ['a master.cf command', '', `x unix - - n - - ${n}\n${n} unix - - n - - ${n}\n`],
    ['a service-derived parameter', `${n}_time_limit = 10\n${n}_destination_concurrency_limit = 2\n`, `${n} unix - - n - - smtp\n`],
    ['an -o name', '', SMTPD(`  -o ${n}=1\n  -o { ${n} = 2 }\n`)],
    ['an -o value reference', `${n} = x\n`, SMTPD(`  -o smtpd_banner=$${n}\n  -o syslog_name=\${${n}?a}\n`)],
    ['an -o table type', '', SMTPD(`  -o smtpd_sender_restrictions=${n}:/etc/x\n  -o ${n}_maps=${n}:${n}\n`)],
    ['a service name as the listen address', '', `${n}:25 inet n - n - - smtpd\n127.0.0.1:${n} inet n - n - - smtpd\n`],
    ['an argv= argument', '', `${n} unix - n n - - pipe\n  flags=R user=${n} argv=/bin/${n} -o ${n}=1 \${${n}}\n`],
  ];
}
