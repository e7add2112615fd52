/** Samples process memory when asked and keeps the peaks (reported by the CLI, read by the large-file test). */
export class MemoryPeak {
  heapUsed = 0;
  rss = 0;

  sample(): void {
    const usage = process.memoryUsage();
    this.heapUsed = Math.max(this.heapUsed, usage.heapUsed);
    this.rss = Math.max(this.rss, usage.rss);
  }
}
