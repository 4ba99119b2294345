import { randomUUID } from 'node:crypto';

export interface Item {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface NewItem {
  name: string;
  description?: string;
}

/**
 * The resource the API starts with, kept in memory. Swap this class for a
 * database-backed one with the same methods (the postgres-database golden path
 * provides DATABASE_URL); the HTTP layer does not change.
 */
export class ItemStore {
  readonly #items = new Map<string, Item>();

  list(): Item[] {
    return [...this.#items.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): Item | undefined {
    return this.#items.get(id);
  }

  create(input: NewItem, now: Date = new Date()): Item {
    const item: Item = {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? '',
      createdAt: now.toISOString(),
    };
    this.#items.set(item.id, item);
    return item;
  }
}
