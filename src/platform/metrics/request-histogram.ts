// A histogram for the one measurement taken on every request. prom-client's Histogram hashes
// its label object on every observe(), a visible share of a signed-in page's CPU
// (bench/README.md, "Measurements behind the code"); here a request adds to a series found by a short string key, and the
// Prometheus text is built only when scraped (the registry's get() protocol).
export interface SeriesLabels {
  [name: string]: string;
}

interface Series {
  labels: SeriesLabels;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

export class RequestHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  /** prom-client's registry asks for it (cluster aggregation); one process has nothing to merge. */
  readonly aggregator = 'sum';
  private readonly buckets: readonly number[];
  private series = new Map<string, Series>();

  constructor({ name, help, buckets }: { name: string; help: string; buckets: readonly number[] }) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
  }

  /** `key` names the series; `labels` is called only the first time a key is seen. */
  observe(key: string, labels: () => SeriesLabels, seconds: number): void {
    let series = this.series.get(key);
    if (!series) {
      series = { labels: labels(), counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    let slot = 0;
    while (slot < this.buckets.length && seconds > this.buckets[slot]!) slot += 1;
    series.counts[slot]! += 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** The registry's view: cumulative buckets with `le`, then _sum and _count, per series. */
  get(): { name: string; help: string; type: string; aggregator: string; values: MetricValue[] } {
    const values: MetricValue[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, slot) => {
        cumulative += counts[slot]!;
        values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series = new Map();
  }
}
