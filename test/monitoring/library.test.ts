import { expect, it } from 'vitest';
import { loadFiles, openMetricsText, SeriesStore, simulate } from '../../src/index.js';

it('the library collects the series with simulate(input, { monitoring }) and writes them as OpenMetrics', async () => {
  const { input, ok } = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
  expect(ok).toBe(true);
  const result = simulate(input, { duration: '10m', monitoring: { scrapeInterval: 60_000_000 } });
  expect(result.monitoring).toBeInstanceOf(SeriesStore);
  const store = result.monitoring as SeriesStore;
  expect(store.scrapeTimes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => m * 60_000));
  const text = openMetricsText(store);
  expect(text).toMatch(/^# TYPE /);
  expect(text).toMatch(
    /\nkube_node_status_condition\{node="[^"]+",condition="Ready",status="true"\} 1 1767225600\n/,
  );
  expect(text.endsWith('# EOF\n')).toBe(true);
});
