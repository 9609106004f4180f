import { InputError } from '../errors.js';

/** Stable codes for profile files that cannot be read; the CLI maps them to exit codes. */
export const PROFILE_INPUT_CODES = [
  'INPUT_PROFILE_NOT_FOUND',
  'INPUT_PROFILE_TOO_LARGE',
  'INPUT_PROFILE_ARCHIVE_BOMB',
  'INPUT_PROFILE_MALFORMED',
  'INPUT_PROFILE_NOT_A_PROFILE',
  'INPUT_PROFILE_EMPTY_ARCHIVE',
  'INPUT_PROFILE_QUERIES_LOG',
] as const;
export type ProfileInputCode = (typeof PROFILE_INPUT_CODES)[number];

/** A profile file (or an entry inside an archive, named `file!entry`) that could not be read. */
export class ProfileInputError extends InputError {
  declare readonly code: ProfileInputCode;

  constructor(
    message: string,
    options: { code: ProfileInputCode; file: string; cause?: unknown; hint?: string; line?: number },
  ) {
    super(message, options);
  }
}
