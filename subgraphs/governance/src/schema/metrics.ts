/** Flow metrics (`FlowMetrics`) and the `boardMetrics` / `groupMetrics` root fields. */
import { builder } from '../builder.ts';
import type { FlowMetrics, FlowSummary } from '../services/metrics-service.ts';
import { BoardRef } from './board.ts';

const MetricsWindowEnum = builder.enumType('MetricsWindow', {
  values: {
    DAY: { description: '24 hours' },
    WEEK: { description: '7 days' },
    MONTH: { description: '30 days' },
  } as const,
});

const FlowSummaryRef = builder.objectRef<FlowSummary>('FlowSummary').implement({
  description: 'Flow over [start, end): tasks finished, their mean cycle time, and WIP at the end',
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime' }),
    end: t.expose('end', { type: 'DateTime' }),
    throughput: t.exposeInt('throughput', { description: 'Moves to DONE' }),
    meanCycleTimeSeconds: t.exposeInt('meanCycleTimeSeconds', {
      nullable: true,
      description: 'Mean time from first IN_PROGRESS to DONE of the tasks finished; null when none',
    }),
    wip: t.exposeInt('wip', { description: 'Tasks in IN_PROGRESS or REVIEW at the end' }),
  }),
});

const FlowMetricsRef = builder.objectRef<FlowMetrics>('FlowMetrics').implement({
  description: 'Buckets of one window each, ending now, oldest first, with totals and the span before',
  fields: (t) => ({
    window: t.field({ type: MetricsWindowEnum, resolve: (metrics) => metrics.window }),
    boards: t.field({ type: [BoardRef], resolve: (metrics) => metrics.boardIds.map((id) => ({ id })) }),
    buckets: t.field({ type: [FlowSummaryRef], resolve: (metrics) => metrics.buckets }),
    current: t.field({ type: FlowSummaryRef, resolve: (metrics) => metrics.current }),
    previous: t.field({ type: FlowSummaryRef, description: 'The same span just before', resolve: (m) => m.previous }),
  }),
});

const metricsArgs = builder.args((t) => ({
  window: t.field({ type: MetricsWindowEnum }),
  buckets: t.int({ required: false, defaultValue: 7, description: '1–90 (default 7)' }),
}));

builder.queryFields((t) => ({
  boardMetrics: t.field({
    type: FlowMetricsRef,
    description: 'Throughput, cycle time and WIP of a board you may read',
    authScopes: { user: true },
    args: { boardId: t.arg.id(), ...metricsArgs },
    resolve: (_root, args, context) =>
      context.services.metrics.forBoard(context.identity, args.boardId, args.window, args.buckets ?? 7),
  }),
  groupMetrics: t.field({
    type: FlowMetricsRef,
    description: 'The same over the boards of a group that you may read',
    authScopes: { user: true },
    args: { boardGroupId: t.arg.id(), ...metricsArgs },
    resolve: (_root, args, context) =>
      context.services.metrics.forGroup(context.identity, args.boardGroupId, args.window, args.buckets ?? 7),
  }),
}));
