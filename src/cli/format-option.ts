import { Option } from 'commander';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table');
}
