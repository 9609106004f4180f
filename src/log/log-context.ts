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

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** The fields of the current context; pino's mixin, called for each line (cheap when tracing is off). */
export function contextFields(): Readonly<Record<string, string>> {
  const fields = scoped.getStore();
  const span = trace.getActiveSpan();
  if (span === undefined) return fields ?? NONE;
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return fields ?? NONE;
  return { ...fields, trace_id: context.traceId, span_id: context.spanId };
}
