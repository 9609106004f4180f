import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing for one process, on only when an OTLP endpoint is configured through the
 * standard variables. Off, nothing of the SDK is even loaded (the imports below are dynamic) and the
 * spans of `span.ts` go to the API's no-op tracer. On, spans are batched and sent over OTLP/HTTP; the
 * SDK itself reads the other standard variables (OTEL_TRACES_SAMPLER, OTEL_EXPORTER_OTLP_HEADERS…).
 */
export interface TracingOptions {
  /** The variables that decide; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Send spans here instead of OTLP, whatever the variables say (tests, the bench). */
  readonly exporter?: SpanExporter;
  /** Export each span as it ends instead of in batches (tests read them at once). */
  readonly immediate?: boolean;
  readonly serviceVersion?: string;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Sends what is buffered, then stops tracing and unregisters the provider. Safe to call twice. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: async () => {} };

/** The OTLP/HTTP traces URL the variables name, or undefined when tracing is off. */
export function tracesEndpoint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific !== undefined && specific !== '') return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base === undefined || base === '') return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Starts tracing when the variables ask for it (or an exporter is given) and registers the provider
 * globally, with the AsyncLocalStorage context manager, so the active span follows every await.
 */
export async function startTracing(options: TracingOptions = {}): Promise<Tracing> {
  const env = options.env ?? process.env;
  const url = tracesEndpoint(env);
  if (options.exporter === undefined && url === undefined) return OFF;
  const [{ NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
  ]);
  const exporter =
    options.exporter ??
    new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url: url! });
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || 'dremio-optimizer';
  const resource = resources
    .defaultResource()
    .merge(
      resources.resourceFromAttributes(
        options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion },
      ),
    )
    // OTEL_RESOURCE_ATTRIBUTES, as the SDK reads it; the service name, from the variables given, wins.
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ 'service.name': serviceName }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [
      options.immediate === true ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter),
    ],
  });
  provider.register();
  let stopped = false;
  return {
    enabled: true,
    shutdown: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}
