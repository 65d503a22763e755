import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestHistogram } from './request-histogram.ts';

describe('request histogram', () => {
  it('exposes cumulative buckets, +Inf, _sum and _count per series in the Prometheus format', async () => {
    const registry = new Registry();
    const histogram = new RequestHistogram({ name: 'test_seconds', help: 'Test', buckets: [0.1, 1] });
    registry.registerMetric(histogram as never);
    const labels = () => ({ route: '/:tenant/', status: '2xx' });
    for (const seconds of [0.05, 0.1, 0.5, 3]) histogram.observe('home', labels, seconds);
    histogram.observe('other', () => ({ route: 'unmatched', status: '4xx' }), 0.2);

    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_seconds histogram');
    for (const line of [
      'test_seconds_bucket{route="/:tenant/",status="2xx",le="0.1"} 2',
      'test_seconds_bucket{route="/:tenant/",status="2xx",le="1"} 3',
      'test_seconds_bucket{route="/:tenant/",status="2xx",le="+Inf"} 4',
      'test_seconds_sum{route="/:tenant/",status="2xx"} 3.65',
      'test_seconds_count{route="/:tenant/",status="2xx"} 4',
      'test_seconds_bucket{route="unmatched",status="4xx",le="0.1"} 0',
      'test_seconds_count{route="unmatched",status="4xx"} 1',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('asks for a series’ labels once, and forgets everything on reset', async () => {
    const histogram = new RequestHistogram({ name: 'test_seconds', help: 'Test', buckets: [1] });
    let asked = 0;
    const labels = () => {
      asked += 1;
      return { route: '/' };
    };
    histogram.observe('k', labels, 0.5);
    histogram.observe('k', labels, 0.5);
    expect(asked).toBe(1);
    histogram.reset();
    expect(histogram.get().values).toEqual([]);
  });
});
