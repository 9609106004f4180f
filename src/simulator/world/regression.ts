/** The day the regression template gets ×3 slower: UTC midnight, half the history window before `endAt`. */
import { MS_PER_DAY } from './time-format.js';

export function regressionStartMs(endAtMs: number, days: number): number {
  return Math.floor(endAtMs / MS_PER_DAY) * MS_PER_DAY - Math.floor(days / 2) * MS_PER_DAY;
}
