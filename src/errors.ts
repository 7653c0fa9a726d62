/**
 * The two kinds of failure a user can cause. Both carry a message whose first line says what is
 * wrong and where; the entry point prints it (no stack) and sets the exit code. Anything else that
 * is thrown is a bug and is reported as one.
 */

/** Bad data, a bad model, a file that cannot be read or written: exit code 1. */
export class CoordixError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CoordixError';
    this.exitCode = exitCode;
  }
}

/** A usage error (unknown option value, missing argument, conflicting flags): exit code 2. */
export class UsageError extends CoordixError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** A warning that travels with a result: printed on stderr and included in JSON output. */
export interface Warning {
  /** A stable machine-readable code, e.g. `zero-range`. */
  code: string;
  message: string;
}
