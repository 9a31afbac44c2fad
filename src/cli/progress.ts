/**
 * Progress of a script (warm-cache) as one redrawn bar on a terminal, one plain line per step
 * otherwise (pipes, CI logs). A few lines of our own rather than a library: no dependency to
 * install for a single bar, and the plain-line fallback is ours to define either way.
 */

/** One piece of work: `done` of `total` steps. */
export interface ProgressTask {
  label: string;
  done: number;
  total: number;
}

const BAR_WIDTH = 30;

/** The bar line for the tasks now (pure): each task's count, then one bar over all of them. */
export function renderProgress(tasks: readonly ProgressTask[]): string {
  const done = tasks.reduce((n, t) => n + t.done, 0);
  const total = tasks.reduce((n, t) => n + t.total, 0);
  const filled = total === 0 ? 0 : Math.round((done / total) * BAR_WIDTH);
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  const parts = tasks.map((t) => `${t.label} ${t.done}/${t.total}`).join(', ');
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}% ${parts}`;
}

/** Where the progress goes: a terminal gets a redrawn line, anything else a line per step. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A bar over named tasks; `update` redraws it, `finish` ends it with a closing line. */
export class ProgressBar {
  private readonly tasks = new Map<string, ProgressTask>();
  private drawn = false;

  constructor(private readonly stream: ProgressStream) {}

  /** Task `label` is at `done` of `total`; a plain stream gets one line per change. */
  update(label: string, done: number, total: number): void {
    const previous = this.tasks.get(label);
    if (previous && previous.done === done && previous.total === total) return;
    this.tasks.set(label, { label, done, total });
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${renderProgress([...this.tasks.values()])}`);
      this.drawn = true;
    } else {
      this.stream.write(`${label} ${done}/${total}\n`);
    }
  }

  /** Ends the bar (a terminal's cursor goes to the next line), then writes `line`, and starts over. */
  finish(line: string): void {
    if (this.drawn) this.stream.write('\n');
    this.stream.write(`${line}\n`);
    this.tasks.clear();
    this.drawn = false;
  }
}
