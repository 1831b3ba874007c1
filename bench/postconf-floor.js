// What `postconf -n -x` costs in JavaScript at the very least: a program that reads main.cf into a
// map (continuation lines and comments as Postfix reads them), finds every $name, expands each
// value with a memo, sorts the names and prints "name = value". It has none of postconf's
// semantics beyond that (no registration of known names, no warnings, no relational operators: a
// "${{...}}" becomes a fixed word, no line folding), so its output is NOT postconf's. It exists
// only to measure the floor any faithful implementation in Node stands on.
// Usage: node bench/postconf-floor.js DIR > /dev/null
'use strict';
const fs = require('fs');

const text = fs.readFileSync(process.argv[2] + '/main.cf', 'latin1');
const dict = new Map();
let name = null;
let value = '';
const flush = () => {
  if (name !== null) dict.set(name, value.trim());
  name = null;
};
for (let i = 0, n = text.length; i < n; ) {
  let nl = text.indexOf('\n', i);
  if (nl === -1) nl = n;
  const c = text.charCodeAt(i);
  if (c === 32 || c === 9) {
    let j = i;
    while (j < nl && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < nl && text.charCodeAt(j) !== 35 && name !== null) value += text.slice(i, nl);
  } else if (c !== 35 && i !== nl) {
    flush();
    let e = i;
    while (e < nl && text.charCodeAt(e) > 32 && text.charCodeAt(e) !== 61) e++;
    name = text.slice(i, e);
    value = text.slice(text.indexOf('=', e) + 1, nl);
  }
  i = nl + 1;
}
flush();

const defaults = new Map([['config_directory', process.argv[2]], ['compatibility_level', '0'], ['mail_name', 'Postfix'], ['mail_version', '3.7.11']]);
const isName = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const memo = new Map();
function expand(v) {
  let d = v.indexOf('$');
  if (d === -1) return v;
  let out = '';
  let last = 0;
  while (d !== -1) {
    const c = v.charCodeAt(d + 1);
    if (c === 123 && v.charCodeAt(d + 2) === 123) {
      const e = v.indexOf('}}', d);
      out += v.slice(last, d) + 'x';
      last = e === -1 ? v.length : e + 2;
      d = v.indexOf('$', last);
      continue;
    }
    const braced = c === 123 || c === 40;
    const s = braced ? d + 2 : d + 1;
    let e = s;
    while (e < v.length && isName(v.charCodeAt(e))) e++;
    const ref = v.slice(s, e);
    let r = memo.get(ref);
    if (r === undefined) {
      memo.set(ref, ''); // a loop expands to nothing here
      r = expand(dict.get(ref) ?? defaults.get(ref) ?? '');
      memo.set(ref, r);
    }
    out += v.slice(last, d) + r;
    last = braced ? e + 1 : e;
    d = v.indexOf('$', last);
  }
  return out + v.slice(last);
}
// The scan postconf makes of every value for the names it refers to.
const referred = new Set();
for (const v of dict.values()) {
  for (let d = v.indexOf('$'); d !== -1; d = v.indexOf('$', d + 1)) {
    let s = d + 1;
    if (v.charCodeAt(s) === 123 || v.charCodeAt(s) === 40) s++;
    let e = s;
    while (e < v.length && isName(v.charCodeAt(e))) e++;
    referred.add(v.slice(s, e));
  }
}
let out = '';
for (const k of [...dict.keys()].sort()) out += k + ' = ' + expand(dict.get(k)) + '\n';
fs.writeSync(1, Buffer.from(out, 'latin1'));
