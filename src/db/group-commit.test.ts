import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

describe('group commit', () => {
  it('should write what is submitted in one turn of the event loop as one batch', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map((item) => item * 10);
    }, 100);

    const results = await Promise.all([1, 2, 3, 4].map((item) => group.submit(item)));

    assert.deepEqual(results, [10, 20, 30, 40]);
    assert.deepEqual(batches, [[1, 2, 3, 4]]);
  });

  it('should answer nobody before their batch is written', async () => {
    let release = (): void => undefined;
    const written = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit(async (items: string[]) => {
      await written;
      return items;
    }, 100);

    let answered = false;
    const submitted = group.submit('a').then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(answered, false);
    release();
    await submitted;
    assert.equal(answered, true);
  });

  it('should gather submits made while a batch is written into the next one', async () => {
    const batches: string[][] = [];
    let first = true;
    const group = new GroupCommit(async (items: string[]) => {
      batches.push(items);
      if (first) {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return items;
    }, 100);

    const early = group.submit('a');
    await new Promise((resolve) => setImmediate(resolve));
    const late = ['b', 'c'].map((item) => group.submit(item));
    await Promise.all([early, ...late]);

    assert.deepEqual(batches, [['a'], ['b', 'c']]);
  });

  it('should split a batch at its largest size', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 2);

    await Promise.all([1, 2, 3, 4, 5].map((item) => group.submit(item)));

    assert.deepEqual(sizes, [2, 2, 1]);
  });

  it('should reject every submit of a failed batch, and go on with the next', async () => {
    let calls = 0;
    const group = new GroupCommit(async (items: number[]) => {
      calls += 1;
      if (calls === 1) throw new Error('disk full');
      return items;
    }, 100);

    const failed = await Promise.allSettled([1, 2].map((item) => group.submit(item)));
    assert.deepEqual(
      failed.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await group.submit(3), 3);
  });
});
