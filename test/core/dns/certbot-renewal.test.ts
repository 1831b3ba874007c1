// certbot's layout and renewal files as certbot reads them: which renewal file belongs to a
// certificate under live/NAME/, and whether [renewalparams] keeps the key (reuse_key).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certbotLineage, parseRenewalConf } from '../../../server/src/core/dns/certbot-renewal';

test('a file under <config-dir>/live/NAME/ belongs to <config-dir>/renewal/NAME.conf; other paths to none', () => {
  assert.deepEqual(certbotLineage('/etc/letsencrypt/live/mail.example.com/fullchain.pem'), { name: 'mail.example.com', confPath: '/etc/letsencrypt/renewal/mail.example.com.conf' });
  assert.deepEqual(certbotLineage('/srv/certbot/live/mx-0001/privkey.pem'), { name: 'mx-0001', confPath: '/srv/certbot/renewal/mx-0001.conf' }, "certbot's --config-dir");
  for (const p of ['/etc/letsencrypt/archive/mail.example.com/fullchain1.pem', '/etc/ssl/certs/mail.pem', '/etc/letsencrypt/live/fullchain.pem', '/etc/letsencrypt/live/a/b/fullchain.pem', '/etc/letsencrypt/live/../x.pem']) {
    assert.equal(certbotLineage(p), null, p);
  }
});

test('reuse_key counts only in [renewalparams], true in any case, quoted or not, with a comment after it', () => {
  const conf = (body: string) => `version = 2.9.0\ncert = /etc/letsencrypt/live/x/cert.pem\n\n# Options used in the renewal process\n${body}`;
  for (const v of ['True', 'true', '"True"', 'True  # kept']) assert.equal(parseRenewalConf(conf(`[renewalparams]\nauthenticator = nginx\nreuse_key = ${v}\n`)).reuseKey, true, v);
  for (const v of ['False', 'no', '']) assert.equal(parseRenewalConf(conf(`[renewalparams]\nreuse_key = ${v}\n`)).reuseKey, false, v);
  assert.equal(parseRenewalConf(conf('[renewalparams]\nauthenticator = nginx\n')).reuseKey, false, 'not set: certbot makes a new key');
  assert.equal(parseRenewalConf('reuse_key = True\n[renewalparams]\n').reuseKey, false, 'before any section');
  assert.equal(parseRenewalConf('[renewalparams]\n[[webroot_map]]\nreuse_key = True\n').reuseKey, false, 'in a subsection');
  assert.equal(parseRenewalConf('[renewalparams]\r\nreuse_key = True\r\n').reuseKey, true, 'CRLF');
  assert.equal(parseRenewalConf('[renewalparams]\n# reuse_key = True\n').reuseKey, false, 'commented out');
});
