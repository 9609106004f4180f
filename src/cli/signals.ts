/**
 * An AbortSignal that fires on the first SIGINT or SIGTERM, so long commands stop gracefully (finish
 * the page in hand, record the run) instead of dying mid-write. A second signal exits at once.
 */
export function abortOnSignals(): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(`stopped by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
