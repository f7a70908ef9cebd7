/** Prometheus metrics: one registry per service, default process metrics plus request timings. */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'status'>;
  graphqlErrors: Counter<'code'>;
  /** A histogram on this registry, for what only one service measures. */
  histogram<Label extends string>(options: {
    name: string;
    help: string;
    labelNames: readonly Label[];
    buckets: number[];
  }): Histogram<Label>;
  /** A counter on this registry, for what only one service counts. */
  counter<Label extends string>(options: { name: string; help: string; labelNames: readonly Label[] }): Counter<Label>;
}

export function createMetrics(service: string, options: { defaults?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'mc_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'mc_graphql_errors_total',
    help: 'GraphQL errors returned to callers, by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    graphqlErrors,
    histogram: (histogram) => new Histogram({ ...histogram, registers: [registry] }),
    counter: (counter) => new Counter({ ...counter, registers: [registry] }),
  };
}
