/** The workload: every template the simulated users run, in a fixed order (the order is part of the seed contract). */
import { ANOMALY_TEMPLATES } from './anomaly-templates.js';
import { BI_TEMPLATES } from './bi-templates.js';
import { NEAR_MISS_TEMPLATES } from './near-miss-templates.js';
import { OPS_TEMPLATES } from './ops-templates.js';
import { QUOTED_NAME_TEMPLATES } from './quoted-name-templates.js';
import { SHAPE_TEMPLATES } from './shape-templates.js';
import type { Template } from './template.js';

export const TEMPLATES: readonly Template[] = [
  ...BI_TEMPLATES,
  ...OPS_TEMPLATES,
  ...NEAR_MISS_TEMPLATES,
  ...SHAPE_TEMPLATES,
  ...ANOMALY_TEMPLATES,
  ...QUOTED_NAME_TEMPLATES,
];

export function templateByName(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
