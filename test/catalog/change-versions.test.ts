import { describe, expect, it } from 'vitest';
import { ChangeVersions } from '../../src/catalog/change-versions.js';

describe('change versions: when a server missed catalog changes', () => {
  it('changes that all arrive, in any order, are in sync', () => {
    const versions = new ChangeVersions(4);
    versions.seen(6);
    versions.seen(5);
    expect(versions.accountedFor).toBe(6);
    expect(versions.check(6)).toBe('in-sync');
    expect(versions.check(6)).toBe('in-sync');
  });

  it('a version still in flight at one check is not missed yet; still absent at the next, it is', () => {
    const versions = new ChangeVersions(0);
    expect(versions.check(1)).toBe('in-sync'); // INCR done, PUBLISH on its way
    expect(versions.check(1)).toBe('missed');
  });

  it('a version that arrives before the next check is not missed', () => {
    const versions = new ChangeVersions(0);
    expect(versions.check(2)).toBe('in-sync');
    versions.seen(1);
    versions.seen(2);
    expect(versions.check(3)).toBe('in-sync');
  });

  it('one version missing among arrived ones is missed', () => {
    const versions = new ChangeVersions(0);
    versions.seen(1);
    versions.seen(3);
    expect(versions.check(3)).toBe('in-sync');
    expect(versions.check(3)).toBe('missed');
    expect(versions.accountedFor).toBe(1);
  });

  it('a counter that went back (Redis lost the key) is a reset', () => {
    const versions = new ChangeVersions(10);
    expect(versions.check(0)).toBe('reset');
    versions.caughtUp(0);
    expect(versions.accountedFor).toBe(0);
    versions.seen(1);
    expect(versions.check(1)).toBe('in-sync');
    expect(versions.check(1)).toBe('in-sync');
  });

  it('after a reload at counter N, versions up to N are accounted for and later arrivals are kept', () => {
    const versions = new ChangeVersions(0);
    versions.seen(7); // arrived while the reload ran
    versions.caughtUp(6);
    expect(versions.accountedFor).toBe(7);
    expect(versions.check(7)).toBe('in-sync');
    expect(versions.check(7)).toBe('in-sync');
  });
});
