/**
 * Group commit: writes submitted during one turn of the event loop, or while the previous
 * batch is being written, go to the database together in one statement, so that they share
 * one disk sync instead of each paying for its own. Each submitter is answered only once its
 * batch is written (or has failed), so batching changes no durability promise.
 *
 * The first write of a batch waits for `setImmediate`, that is until Node has handled every
 * request whose bytes arrived in the same turn. Without that wait a synchronous driver
 * (better-sqlite3) would write each one alone: nothing is ever "in flight" for a second
 * request to join while a synchronous write holds the event loop.
 */

/** Writes a batch in one statement; answers one result per item, in order. */
export type BatchWrite<Item, Result> = (items: Item[]) => Promise<Result[]>;

interface Pending<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export class GroupCommit<Item, Result> {
  private queue: Pending<Item, Result>[] = [];
  private scheduled = false;

  constructor(
    private readonly write: BatchWrite<Item, Result>,
    /** Bounds one statement's size (and its bind parameters). */
    private readonly maxBatch: number,
  ) {}

  /** Resolves with the item's result once its batch is written; rejects if the write failed. */
  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((pending) => pending.item));
        batch.forEach((pending, index) => pending.resolve(results[index] as Result));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.scheduled = false;
  }
}
