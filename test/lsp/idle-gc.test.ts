import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposedGc, IdleCollector, type Gc } from '../../server/src/lsp/idle-gc';

test('the idle collector asks for one minor collection, delayMs after the last schedule()', async () => {
  const calls: unknown[] = [];
  const fake: Gc = (o) => void calls.push(o);
  const c = new IdleCollector(true, 20, () => fake);
  c.schedule();
  await new Promise((r) => setTimeout(r, 5));
  c.schedule();
  assert.equal(calls.length, 0, 'not while work goes on');
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(calls, [{ type: 'minor' }]);
  new IdleCollector(false, 1, () => fake).schedule();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(calls.length, 1, 'turned off: nothing');
});

test("V8's gc() can be exposed at run time and takes { type: 'minor' }", () => {
  const gc = exposedGc();
  assert.equal(typeof gc, 'function');
  gc!({ type: 'minor' });
});
