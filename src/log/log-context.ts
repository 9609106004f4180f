import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * Fields every log line gets from where it is written rather than from the logger it is written with:
 * the request id of the API request being served (wherever in the layers below the line comes from),
 * and the trace and span id of the active span when tracing is on.
 */
const scoped = new AsyncLocalStorage<Readonly<Record<string, string>>>();

/** Runs `fn` with `fields` on every line logged inside it, across awaits (e.g. `{ requestId }`). */
export function withLogFields<T>(fields: Readonly<Record<string, string>>, fn: () => T): T {
  const outer = scoped.getStore();
  return scoped.run(outer === undefined ? fields : { ...outer, ...fields }, fn);
}

/**
 * The fields of the current context; pino's mixin, called for each line (cheap when tracing is off).
 * Always a new object: pino merges the line's own fields into what the mixin returns.
 */
export function contextFields(): Record<string, string> {
  const fields = scoped.getStore();
  const span = trace.getActiveSpan();
  const context = span?.spanContext();
  if (context === undefined || !isSpanContextValid(context)) return { ...fields };
  return { ...fields, trace_id: context.traceId, span_id: context.spanId };
}
