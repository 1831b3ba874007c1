// main.cf reading: logical lines, comments, continuation, ranges, and the problems Postfix reports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMainCf } from '../../../server/src/core/config/main-cf';

const codes = (text: string) => parseMainCf(text).findings.map((f) => f.code);

test('a line starting with whitespace continues the value; pieces join without a separator', () => {
  const p = parseMainCf('smtpd_banner = $myhostname\n    ESMTP  $mail_name\nrelayhost = [smtp.example.com]:587\n');
  assert.deepEqual(
    p.entries.map((e) => [e.name, e.value]),
    [
      ['smtpd_banner', '$myhostname    ESMTP  $mail_name'],
      ['relayhost', '[smtp.example.com]:587'],
    ],
  );
  assert.deepEqual(p.findings, []);
});

test('"#" is a comment only as the first non-blank character; comments and blank lines may sit inside a value', () => {
  const p = parseMainCf('mydestination = a, # b\n# comment\n\n   # indented comment\n  c\n');
  assert.equal(p.entries.length, 1);
  assert.equal(p.entries[0].value, 'a, # b  c');
});

test('every name, "=" and value keeps its exact range, across continuation lines', () => {
  const p = parseMainCf('# header\n  \nalias_maps\t=  hash:/etc/aliases,\n\n   lmdb:/etc/x  \n');
  const e = p.entries[0];
  assert.deepEqual(e.nameRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } });
  assert.deepEqual(e.equalsRange, { start: { line: 2, character: 11 }, end: { line: 2, character: 12 } });
  assert.deepEqual(e.valueRange, { start: { line: 2, character: 14 }, end: { line: 4, character: 14 } });
  assert.equal(e.value, 'hash:/etc/aliases,   lmdb:/etc/x');
});

test('a first line that starts with whitespace is ignored with a warning, with its continuation', () => {
  const p = parseMainCf('  myhostname = a\n  more\nmydomain = b\n');
  assert.deepEqual(p.entries.map((e) => e.name), ['mydomain']);
  assert.deepEqual(codes('  myhostname = a\n'), ['leading-whitespace']);
  assert.match(p.warnings[0].text, /logical line must not start with whitespace: " {2}myhostname = a {2}more"/);
});

test('a line without "=" or without a name is a syntax error that Postfix treats as fatal', () => {
  const p = parseMainCf('myhostname = ok\nthis line has no equals\n= value\n');
  assert.deepEqual(codes('this line has no equals\n= value\n'), ['syntax-error', 'syntax-error']);
  assert.equal(p.fatal?.line, 2);
  assert.match(p.fatal!.message, /missing '=' after attribute name/);
  assert.match(parseMainCf('= value\n').fatal!.message, /missing attribute name/);
  assert.equal(p.entries.length, 1);
});

test('CRLF: the CR is whitespace, trimmed at the end of a value, kept inside a continued one', () => {
  const p = parseMainCf('a = x\r\nb = y\r\n  z\r\n');
  assert.deepEqual(p.entries.map((e) => e.value), ['x', 'y\r  z']);
});

test('a NUL byte ends what Postfix sees of the line', () => {
  const p = parseMainCf('smtpd_banner = abc\0def\n');
  assert.equal(p.entries[0].value, 'abc');
  assert.deepEqual(codes('smtpd_banner = abc\0def\n'), ['invalid-character']);
});

test('the later of two definitions wins (the parse keeps both, in order)', () => {
  const p = parseMainCf('a = 1\na = 2\n');
  assert.deepEqual(p.entries.map((e) => e.value), ['1', '2']);
});
