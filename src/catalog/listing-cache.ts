/**
 * The public catalogue pages, kept for a moment. Every visitor asks for the same first pages,
 * and reading and converting them from the database is most of what answering costs; a page
 * at most a second old serves them all.
 *
 * What the page shows may lag the database by that second: stock others have just bought, a
 * product an admin changed in another store process. Nothing is decided from it: checkout
 * reserves stock atomically against the database, and an admin's change in this process
 * empties the cache at once.
 */
import type { Clock } from '../shared/clock.js';

export const LISTING_TTL_MS = 1_000;
/** Enough for the pages people browse; far cursors simply miss. */
const MAX_PAGES = 256;

export class ListingCache<Page> {
  private pages = new Map<string, { page: Page; until: number }>();

  constructor(private readonly clock: Clock) {}

  get(key: string): Page | undefined {
    const entry = this.pages.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > this.clock.now()) return entry.page;
    this.pages.delete(key);
    return undefined;
  }

  set(key: string, page: Page): void {
    if (this.pages.size >= MAX_PAGES) this.pages.clear();
    this.pages.set(key, { page, until: this.clock.now() + LISTING_TTL_MS });
  }

  clear(): void {
    this.pages.clear();
  }
}
