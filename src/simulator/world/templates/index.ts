/** The workload: every template the simulated users run, in a fixed order (the order is part of the seed contract). */
import { BI_TEMPLATES } from './bi-templates.js';
import type { Template } from './template.js';

export const TEMPLATES: readonly Template[] = [...BI_TEMPLATES];

export function templateByName(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
