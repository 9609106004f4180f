import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

export { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';

/**
 * The product's spans go through the OpenTelemetry API only. Until `startTracing` registers a provider
 * the API hands out its no-op tracer, so a span costs a few object allocations and nothing is recorded,
 * kept or sent: the seam can sit in every layer without a switch of its own.
 */
const TRACER_NAME = 'dremio-optimizer';

function tracer(): Tracer {
  // Asked each time, not cached: the global provider may be registered after this module loads.
  return trace.getTracer(TRACER_NAME);
}

export interface SpanOptions {
  /** Start a new trace instead of a child of the active span (a pipeline cycle of a long-running `run`). */
  readonly root?: boolean;
}

/** Runs `fn` inside a span named `name`; the span ends when `fn` settles and records a thrown error. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const parent = options.root === true ? ROOT_CONTEXT : context.active();
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `withSpan` for synchronous work (a detector). */
export function withSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Records a span that already happened (a database query reported after it ran), as a child of the
 * active span. Only under a recording span: a query outside any traced command is not worth a trace.
 */
export function recordFinishedSpan(
  name: string,
  /** Computed only when a span is recorded: the caller's hot path pays nothing with tracing off. */
  attributes: () => Attributes,
  timing: { readonly startMs: number; readonly endMs: number; readonly error?: unknown },
): void {
  const parent = trace.getActiveSpan();
  if (parent === undefined || !parent.isRecording()) return;
  const span = tracer().startSpan(
    name,
    { attributes: attributes(), startTime: timing.startMs },
    context.active(),
  );
  if (timing.error !== undefined) failed(span, timing.error);
  span.end(timing.endMs);
}

/**
 * Runs `fn` as the continuation of the trace a caller sent (W3C `traceparent` header), so an API
 * request's span joins the caller's trace; without such a header (or with tracing off) it changes nothing.
 */
export function withIncomingTrace<T>(headers: Readonly<Record<string, string>>, fn: () => T): T {
  if (headers.traceparent === undefined) return fn();
  return context.with(propagation.extract(context.active(), headers), fn);
}

function failed(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
