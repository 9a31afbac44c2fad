/**
 * Which catalog change versions a server has accounted for, and whether the shared version
 * counter shows that it missed some. Pure: the Redis bus feeds it what arrives and what the
 * version key says.
 *
 * A version counts as missed only once it is at most the counter's value at the *previous*
 * check and has still not arrived: between a writer's INCR and its PUBLISH a message is in
 * flight, and a check landing in that moment must not cost a full reload.
 */
export type VersionVerdict = 'in-sync' | 'missed' | 'reset';

export class ChangeVersions {
  /** Every version up to this one is accounted for. */
  private floor: number;
  /** Versions above the floor that arrived out of order. */
  private readonly above = new Set<number>();
  /** The counter's value at the previous check. */
  private previousCheck: number;

  constructor(start: number) {
    this.floor = start;
    this.previousCheck = start;
  }

  /** The highest version accounted for with none missing below it. */
  get accountedFor(): number {
    return this.floor;
  }

  /** A change with this version arrived (or this process published it). */
  seen(version: number): void {
    if (version <= this.floor) return;
    this.above.add(version);
    while (this.above.delete(this.floor + 1)) this.floor++;
  }

  /**
   * The counter read now. `missed`: a version the previous check already counted never
   * arrived; `reset`: the counter went backwards (Redis lost it), so nothing known holds.
   */
  check(counter: number): VersionVerdict {
    if (counter < Math.max(this.floor, ...this.above)) return 'reset';
    const settled = Math.min(counter, this.previousCheck);
    this.previousCheck = counter;
    return this.floor < settled ? 'missed' : 'in-sync';
  }

  /** After a full reload that read `counter` before reading the tier: everything up to it is in. */
  caughtUp(counter: number): void {
    if (counter < this.floor) this.above.clear();
    this.floor = counter;
    for (const v of this.above) if (v <= counter) this.above.delete(v);
    while (this.above.delete(this.floor + 1)) this.floor++;
    this.previousCheck = counter;
  }
}
