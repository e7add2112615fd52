/** A binary min-heap ordered by (time, sequence): ties keep insertion order, so output is deterministic. */
export class MinHeap<T> {
  private readonly times: number[] = [];
  private readonly sequences: number[] = [];
  private readonly items: T[] = [];
  private nextSequence = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, item: T): void {
    this.times.push(time);
    this.sequences.push(this.nextSequence++);
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  peekTime(): number | undefined {
    return this.times[0];
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    const last = this.items.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.sequences.pop();
    this.items.pop();
    if (this.items.length > 0) this.siftDown(0);
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    return ta < tb || (ta === tb && (this.sequences[a] as number) < (this.sequences[b] as number));
  }

  // Plain temporaries: destructuring swaps allocate an array each time, and this is the hot path.
  private swap(a: number, b: number): void {
    const time = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = time;
    const sequence = this.sequences[a] as number;
    this.sequences[a] = this.sequences[b] as number;
    this.sequences[b] = sequence;
    const item = this.items[a] as T;
    this.items[a] = this.items[b] as T;
    this.items[b] = item;
  }

  private siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    let i = index;
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(left, smallest)) smallest = left;
      if (right < n && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
