/**
 * Runs `fn(key)` at most once per `intervalMs` for each key: the first call at once, and every
 * call during the interval folded into a single one at its end. A fact broadcast to a whole room
 * on every join (presence) costs O(N²) messages when N people arrive together; coalesced, a
 * reconnect storm of any size costs a few broadcasts.
 */
export class Coalescer {
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; again: boolean }>();

  constructor(
    private readonly intervalMs: number,
    private readonly fn: (key: string) => void,
  ) {}

  schedule(key: string): void {
    const open = this.windows.get(key);
    if (open) {
      open.again = true;
      return;
    }
    this.fn(key);
    this.open(key);
  }

  private open(key: string): void {
    const window = {
      again: false,
      timer: setTimeout(() => {
        this.windows.delete(key);
        if (window.again) {
          this.fn(key);
          this.open(key);
        }
      }, this.intervalMs),
    };
    window.timer.unref();
    this.windows.set(key, window);
  }

  stop(): void {
    for (const w of this.windows.values()) clearTimeout(w.timer);
    this.windows.clear();
  }
}
