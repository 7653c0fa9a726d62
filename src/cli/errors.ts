import { ColumnChoiceError, DuplicateKeyError, KeyColumnError } from '../core/compare.js';
import { AhpInconsistentError, ahpInconsistency, FrozenStateError } from '../core/errors.js';
import { DisparityRangeError } from '../core/disparity.js';
import { ConcentrationError } from '../core/random.js';
import type { CoordixError, Warning } from '../errors.js';

/**
 * The core raises typed errors worded for library users (options such as `allowInconsistent`);
 * here the command line words the same facts in its flags.
 */
export function describeError(error: CoordixError): string {
  if (error instanceof AhpInconsistentError) {
    return `${ahpInconsistency(error.matrix, error.cr, error.worst)}; revise the judgements, or pass --allow-inconsistent`;
  }
  if (error instanceof FrozenStateError) {
    return error.reason === 'scope'
      ? '--frozen needs pooled normalisation (normalization.scope: pooled): per-year bounds cannot be carried to a new year'
      : `the frozen manifest records ${error.recorded!.indicators} indicators and ${error.recorded!.dimensions} dimensions, but the model has ${error.expected!.indicators} and ${error.expected!.dimensions}; freeze again with this model`;
  }
  if (error instanceof DisparityRangeError) {
    return `--var: values from ${error.smallest} to ${error.largest} cannot be measured in double precision (${
      error.reason === 'span' ? 'more than 300 orders of magnitude apart' : 'their mean or standard deviation underflows to 0'
    }); rescale the variable, e.g. change its unit in the input`;
  }
  if (error instanceof ConcentrationError) {
    return error.reason === 'underflow'
      ? `--kappa ${error.value}: too small to draw weights from (κ times a weight is below about 1e-300, even in logarithms); give a larger --kappa, e.g. 1 or more`
      : `--kappa ${error.value}: ${error.reason === 'shape' ? 'κ times a weight' : 'the concentration'} must be a positive finite number; give --kappa > 0, e.g. 100`;
  }
  if (error instanceof KeyColumnError) return error.key ? `--key ${error.detail}` : `${error.detail}; give --key COLUMNS`;
  if (error instanceof ColumnChoiceError) return `--columns: "${error.column}" is in neither file`;
  if (error instanceof DuplicateKeyError) return `${error.table}: the key ${error.key.join(',')} = ${error.value} appears twice; choose a unique --key`;
  return error.message;
}

/** Warnings, likewise: the library's option names become the command line's flags. */
export function describeWarning(warning: Warning): Warning {
  if (warning.code === 'ahp-inconsistent') return { ...warning, message: warning.message.replace('(accepted with allowInconsistent)', '(accepted with --allow-inconsistent)') };
  return warning;
}
