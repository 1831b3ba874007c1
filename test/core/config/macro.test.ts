// $name expansion, checked against what Postfix 3.7's mac_expand() gives (see also the differential
// tests against the real postconf, which cover the same forms on random input).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandMacros, scanReferences, MAC_PARSE_ERROR, MAC_PARSE_UNDEF } from '../../../server/src/core/config/macro';

const vars: Record<string, string> = {
  host: 'mail.example.com',
  empty: '',
  level: '3.6',
  a: '$b',
  b: 'B',
  loop1: '$loop2',
  loop2: '$loop1',
  self: '${{$self} == {x}}',
};
const expand = (text: string) => expandMacros(text, { recurse: true, lookup: (n) => vars[n] ?? null });

test('plain, braced and parenthesised references, $$ and undefined names', () => {
  assert.equal(expand('$host ${host} $(host) $$host').value, 'mail.example.com mail.example.com mail.example.com $host');
  const r = expand('x$nosuch.y');
  assert.equal(r.value, 'x.y');
  assert.ok(r.status & MAC_PARSE_UNDEF);
});

test('conditional forms ? and :, with and without {}', () => {
  assert.equal(expand('${host?yes}|${empty?yes}|${nosuch?yes}').value, 'yes||');
  assert.equal(expand('${host:no}|${empty:no}|${nosuch:no}').value, '|no|no');
  assert.equal(expand('${host?{a b}:{c}}|${empty?{a}:{c d}}').value, 'a b|c d');
  assert.equal(expand('${host?a:b}').value, 'a:b', 'without braces the rest is one operand (Postfix 2.x compatible)');
  assert.equal(expand('${ host ? {x} }').value, 'x');
});

test('relational expressions: numeric when both sides are digits, else byte order; compatibility levels', () => {
  assert.equal(expand('${{10} > {9} ? {num} : {str}}').value, 'num');
  assert.equal(expand('${{10a} > {9a} ? {gt} : {le}}').value, 'le');
  assert.equal(expand('${{$b} == {B}}').value, 'true');
  assert.equal(expand('${{$b} != {B}}').value, '');
  assert.equal(expand('${{$level} <level {3.7} ? {old} : {new}}').value, 'old');
  assert.equal(expand('${{3.10} >=level {3.9} ? {yes} : {no}}').value, 'yes');
  assert.ok(expand('${{x} <level {2}}').status & MAC_PARSE_ERROR, 'a malformed level is an error');
});

test('recursion goes through looked-up values; loops stop with an error and name the loop', () => {
  assert.equal(expand('$a').value, 'B');
  const r = expand('$loop1');
  assert.ok(r.status & MAC_PARSE_ERROR);
  assert.deepEqual(r.cycle?.slice(0, 3), ['loop1', 'loop2', 'loop1']);
  assert.match(r.problems[0].message, /unreasonable macro call nesting/);
  const s = expand('$self');
  assert.ok(s.crashed, 'a loop through a relational operand is where postconf crashes');
  assert.ok(s.status & MAC_PARSE_ERROR);
});

test('syntax errors: truncated, empty name, bad attribute name, garbage after }', () => {
  for (const [text, msg] of [
    ['${host', /truncated macro reference/],
    ['abc$', /empty macro name/],
    ['${a b}', /attribute name syntax error/],
    ['${host?{x}junk}', /":" expected/],
    ['${{a} =~ {b}}', /expected at/],
  ] as const) {
    const r = expand(text);
    assert.ok(r.status & MAC_PARSE_ERROR, text);
    assert.match(r.problems[0].message, msg, text);
  }
});

test('scan mode finds every reference in every branch, with offsets into the text', () => {
  const { refs } = scanReferences('x ${a?{$b}:{${c}}} ${{$d} == {e}}');
  assert.deepEqual(
    refs.map((r) => [r.name, r.start, r.end]),
    [
      ['a', 4, 5],
      ['b', 8, 9],
      ['c', 14, 15],
      ['d', 23, 24],
    ],
  );
});

test('nesting deeper than the limit, and exponential growth, end quickly with an error', () => {
  const deep = '${{'.repeat(5000) + '1} == {1}}'.repeat(5000);
  const r = expandMacros(deep, { recurse: true, lookup: () => null });
  assert.ok(r.tooDeep && r.status & MAC_PARSE_ERROR);
  const big: Record<string, string> = {};
  for (let i = 0; i < 40; i++) big[`q${i}`] = `$q${i + 1}$q${i + 1}`;
  big.q40 = 'x';
  const g = expandMacros('$q0', { recurse: true, lookup: (n) => big[n] ?? null, memo: new Map() });
  assert.ok(g.tooLarge && g.status & MAC_PARSE_ERROR);
});
