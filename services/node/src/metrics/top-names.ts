/**
 * The most asked names, from a sample of the queries: a bounded map that keeps the upper half
 * when full and halves every count on decay(), so it follows recent traffic and never grows
 * beyond `capacity` entries whatever names clients invent.
 */
export class TopNames {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 1000) {}

  add(name: string, weight = 1): void {
    const count = this.counts.get(name);
    if (count !== undefined) {
      this.counts.set(name, count + weight);
      return;
    }
    if (this.counts.size >= this.capacity) this.shrink();
    this.counts.set(name, weight);
  }

  /** Halves every count and forgets those that reach zero. */
  decay(): void {
    for (const [name, count] of this.counts) {
      const halved = Math.floor(count / 2);
      if (halved === 0) this.counts.delete(name);
      else this.counts.set(name, halved);
    }
  }

  top(n: number): { name: string; count: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([name, count]) => ({ name, count }));
  }

  get size(): number {
    return this.counts.size;
  }

  private shrink(): void {
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1]);
    this.counts.clear();
    for (const [name, count] of sorted.slice(0, Math.floor(this.capacity / 2))) this.counts.set(name, count);
  }
}
