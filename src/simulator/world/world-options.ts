/** Checks world options before anything is generated, so a bad value fails with what to change. */
import { InputError } from '../../errors.js';
import { isFlavor } from '../flavor.js';
import type { WorldOptions } from '../world.js';

/** Job indexes must fit the 32-bit field the job id encodes. */
export const MAX_JOBS = 50_000_000;

export function checkWorldOptions(options: WorldOptions): void {
  const problems: string[] = [];
  if (!isFlavor(options.flavor))
    problems.push(`flavor '${String(options.flavor)}' is not one of the simulated flavors`);
  if (!Number.isFinite(options.seed)) problems.push(`seed ${options.seed} is not a number`);
  if (!Number.isInteger(options.jobs) || options.jobs < 0 || options.jobs > MAX_JOBS) {
    problems.push(`jobs ${options.jobs} must be an integer from 0 to ${MAX_JOBS}`);
  }
  if (!Number.isFinite(options.days) || options.days <= 0 || options.days > 3650) {
    problems.push(`days ${options.days} must be more than 0 and at most 3650`);
  }
  if (!(options.endAt instanceof Date) || Number.isNaN(options.endAt.getTime())) {
    problems.push('endAt is not a valid date');
  }
  if (problems.length > 0) {
    throw new InputError(`Cannot build the simulated world: ${problems.join('; ')}.`, {
      code: 'SIMULATOR_OPTIONS_INVALID',
      hint: 'Pass a known flavor, a whole number of jobs, a positive number of days and a valid endAt.',
    });
  }
}
