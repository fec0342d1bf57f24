import { expect, test } from 'vitest';
import { PriorityQueue } from '../generator/simulation/priority-queue.js';
import { RandomStream } from '../generator/simulation/random.js';

test('the priority queue pops in order, with pushes, pops and replaceTop interleaved', () => {
  const rng = new RandomStream('pq', 1);
  const q = new PriorityQueue<number>((a, b) => a < b);
  const model: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const op = rng.int(0, 2);
    if (op === 0 || model.length === 0) {
      const v = rng.int(0, 1000);
      q.push(v);
      model.push(v);
    } else if (op === 1) {
      model.sort((a, b) => a - b);
      expect(q.pop()).toBe(model.shift());
    } else {
      const v = rng.int(0, 1000);
      model.sort((a, b) => a - b);
      model.shift();
      model.push(v);
      q.replaceTop(v);
    }
    expect(q.size).toBe(model.length);
  }
  const rest: number[] = [];
  for (let v = q.pop(); v !== undefined; v = q.pop()) rest.push(v);
  expect(rest).toEqual(model.sort((a, b) => a - b));
});
