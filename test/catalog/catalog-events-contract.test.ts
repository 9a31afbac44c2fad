import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogChange, CatalogChangeListener, CatalogEvents } from '../../src/catalog/catalog-events.js';
import { InProcessCatalogEvents, InProcessCatalogHub } from '../../src/catalog/in-process-catalog-events.js';
import { RedisCatalogEvents } from '../../src/catalog/redis-catalog-events.js';
import { createLogger } from '../../src/logger.js';
import { until } from '../live/support/harness.js';
import { deleteKeys, REDIS_URL } from '../support/test-app.js';

const logger = createLogger('silent');

/** One shared medium (a hub, or a Redis prefix) on which each call to `process()` is another process's bus. */
interface Medium {
  process(): CatalogEvents;
  cleanup(): Promise<void>;
}

const backends: { name: string; open(): Medium }[] = [
  {
    name: 'InProcessCatalogEvents',
    open() {
      const hub = new InProcessCatalogHub();
      return { process: () => new InProcessCatalogEvents({ hub, logger }), cleanup: async () => undefined };
    },
  },
  {
    name: 'RedisCatalogEvents',
    open() {
      const prefix = `test:events:${randomUUID()}:`;
      // A long interval: whatever arrives here arrived as a message, not through a reload.
      return { process: () => RedisCatalogEvents.fromUrl(REDIS_URL, { prefix, syncIntervalMs: 60_000, logger }), cleanup: () => deleteKeys(prefix) };
    },
  },
];

/** A listener that records what it is handed. */
class Recorder implements CatalogChangeListener {
  readonly changes: CatalogChange[] = [];
  rebuilds = 0;
  async applyChange(change: CatalogChange): Promise<void> {
    this.changes.push(change);
  }
  async rebuildFromStore(): Promise<void> {
    this.rebuilds++;
  }
}

describe.each(backends)('catalog events contract: $name', (backend) => {
  let medium: Medium;
  const opened: CatalogEvents[] = [];
  /** Another process: its bus, subscribed with a recorder. */
  const join = async () => {
    const events = medium.process();
    opened.push(events);
    const recorder = new Recorder();
    await events.subscribe(recorder);
    return { events, recorder };
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((e) => e.close()));
    await medium.cleanup();
  });

  it('subscribe rebuilds the listener once, before it resolves: the starting point is what the tier holds', async () => {
    medium = backend.open();
    const { events, recorder } = await join();
    expect(recorder.rebuilds).toBe(1);
    expect(events.stats()).toMatchObject({ rebuilds: 1, received: 0, published: 0 });
  });

  it('a published change reaches every other subscriber, in order, with its ids, version and origin', async () => {
    medium = backend.open();
    const a = await join();
    const b = await join();
    const c = await join();
    const first = await a.events.publish({ upserted: ['p1', 'p2'], removed: [] });
    const second = await a.events.publish({ upserted: ['p3'], removed: ['p1'] });
    expect(first).toMatchObject({ upserted: ['p1', 'p2'], removed: [], origin: a.events.origin });
    expect(second.version).toBeGreaterThan(first.version);
    for (const other of [b, c]) {
      await until(() => other.recorder.changes.length === 2);
      expect(other.recorder.changes).toEqual([first, second]);
      expect(other.events.stats().received).toBe(2);
    }
    expect(a.events.stats().published).toBe(2);
  });

  it('a process never receives its own changes', async () => {
    medium = backend.open();
    const a = await join();
    const b = await join();
    const own = await a.events.publish({ upserted: ['mine'], removed: [] });
    // b's change is published after a's own, so once a has it, a's own would have arrived too.
    const theirs = await b.events.publish({ upserted: ['theirs'], removed: [] });
    await until(() => a.recorder.changes.length > 0);
    expect(a.recorder.changes).toEqual([theirs]);
    await until(() => b.recorder.changes.length > 0);
    expect(b.recorder.changes).toEqual([own]);
  });

  it('versions increase across publishers', async () => {
    medium = backend.open();
    const a = await join();
    const b = await join();
    const versions = [];
    for (const bus of [a, b, a, b]) versions.push((await bus.events.publish({ upserted: ['x'], removed: [] })).version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(4);
  });

  it('close stops delivery, and a closed bus refuses to publish', async () => {
    medium = backend.open();
    const a = await join();
    const b = await join();
    const c = await join();
    await b.events.close();
    const change = await a.events.publish({ upserted: ['after-close'], removed: [] });
    await until(() => c.recorder.changes.length === 1);
    expect(c.recorder.changes).toEqual([change]);
    expect(b.recorder.changes).toEqual([]);
    await expect(b.events.publish({ upserted: ['x'], removed: [] })).rejects.toThrow(/closed/);
  });
});
