/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms with
 * labels. Each process exposes its own counts; Prometheus sums them across web and worker processes.
 */
type Labels = Record<string, string>;

interface Series<V> {
  labels: Labels;
  value: V;
}

export interface Metric {
  render(): string;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());
const header = (name: string, help: string, type: string) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;

export function createCounter(name: string, help: string) {
  const series = new Map<string, Series<number>>();
  return {
    inc(labels: Labels = {}, by = 1) {
      const k = keyOf(labels);
      const s = series.get(k) ?? { labels, value: 0 };
      s.value += by;
      series.set(k, s);
    },
    get: (labels: Labels = {}) => series.get(keyOf(labels))?.value ?? 0,
    render: () => header(name, help, 'counter') + [...series.values()].map((s) => `${name}${labelText(s.labels)} ${s.value}\n`).join(''),
  };
}

/** A gauge whose values are read when scraped (queue depth from the database, …). */
export function createGauge(name: string, help: string) {
  let series: Series<number>[] = [];
  return {
    set(values: Series<number>[]) {
      series = values;
    },
    render: () => header(name, help, 'gauge') + series.map((s) => `${name}${labelText(s.labels)} ${s.value}\n`).join(''),
  };
}

export function createHistogram(name: string, help: string, buckets: number[]) {
  const sorted = [...buckets].sort((a, b) => a - b);
  const series = new Map<string, Series<{ counts: number[]; sum: number; count: number }>>();
  return {
    observe(labels: Labels, value: number) {
      const k = keyOf(labels);
      const s = series.get(k) ?? { labels, value: { counts: sorted.map(() => 0), sum: 0, count: 0 } };
      sorted.forEach((b, i) => {
        if (value <= b) s.value.counts[i]++;
      });
      s.value.sum += value;
      s.value.count++;
      series.set(k, s);
    },
    count: (labels: Labels = {}) => series.get(keyOf(labels))?.value.count ?? 0,
    render() {
      let out = header(name, help, 'histogram');
      for (const s of series.values()) {
        sorted.forEach((b, i) => (out += `${name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.value.counts[i]}\n`));
        out += `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.value.count}\n`;
        out += `${name}_sum${labelText(s.labels)} ${s.value.sum}\n`;
        out += `${name}_count${labelText(s.labels)} ${s.value.count}\n`;
      }
      return out;
    },
  };
}
