import test from 'ava';
import { TopNames } from './top-names.js';

test('ranks names by count and keeps to its capacity', (t) => {
  const top = new TopNames(10);
  for (let i = 0; i < 5; i++) top.add('a.test.');
  for (let i = 0; i < 3; i++) top.add('b.test.');
  for (let i = 0; i < 100; i++) top.add(`random-${i}.test.`);
  t.true(top.size <= 10);
  t.deepEqual(top.top(2), [
    { name: 'a.test.', count: 5 },
    { name: 'b.test.', count: 3 },
  ]);
});

test('decay halves counts and forgets the rare', (t) => {
  const top = new TopNames();
  top.add('a.', 4);
  top.add('b.', 1);
  top.decay();
  t.deepEqual(top.top(5), [{ name: 'a.', count: 2 }]);
});
