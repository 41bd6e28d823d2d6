/** The value of one sample line of a Prometheus text exposition, e.g. `name{a="b"} 3`; undefined when the series is absent. */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
