// The demo: the whole product against the built-in Dremio simulator, with no cluster and no network.
// It is the README's first command.
export { DEMO_CLUSTER, DEMO_DEFAULTS, type DemoOptions, type DemoResult, runDemo } from './demo-service.js';
