import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, exactSum } from '../../src/core/fsum.js';

/**
 * The exact value of a sum of doubles, rounded once: every double with |x| ≥ 2^-140 is an integer
 * multiple of 2^-192, so x·2^200 is an exact BigInt; BigInt addition is exact, and Number(bigint)
 * rounds to nearest, ties to even (ECMA-262 §21.1.1.1). Dividing by 2^200 is exact.
 */
function reference(values: readonly number[]): number {
  const scale = 200n;
  let total = 0n;
  for (const x of values) {
    if (x === 0) continue;
    // x = mantissa · 2^exponent with an integer mantissa of ≤ 53 bits
    let exponent = Math.floor(Math.log2(Math.abs(x))) - 52;
    let mantissa = x / 2 ** exponent;
    while (!Number.isInteger(mantissa)) {
      exponent -= 1;
      mantissa = x / 2 ** exponent;
    }
    total += BigInt(mantissa) << BigInt(Number(scale) + exponent);
  }
  return Number(total) / 2 ** Number(scale);
}

describe('exactly rounded sum (Shewchuk / CPython math.fsum)', () => {
  it('gets the cases a running sum gets wrong', () => {
    // Examples from the CPython test suite for math.fsum (Lib/test/test_math.py, testFsum).
    expect(exactSum([1e100, 1, -1e100])).toBe(1);
    expect(exactSum([1, 1e100, 1, -1e100])).toBe(2);
    expect(exactSum(Array(10).fill(0.1))).toBe(1);
    expect(exactSum([1e308, 1e308, -1e308])).toBe(Infinity); // the plain sum overflows first: no exact answer claimed
    expect(exactSum([2 ** 53, -0.5, -(2 ** -54)])).toBe(2 ** 53 - 1);
    expect(exactSum([2 ** 53, 1, 2 ** -100])).toBe(2 ** 53 + 2); // just above the halfway point
    expect(exactSum([2 ** 53, 1])).toBe(2 ** 53); // exactly halfway: ties to even
    expect(exactSum([])).toBe(0);
    // Exact midpoints and their neighbours: the cheap first pass must hand these to the partials.
    expect(exactSum([1, 2 ** -53])).toBe(1); // halfway between 1 and 1 + 2^-52: ties to even
    expect(exactSum([1, 2 ** -53, 2 ** -106])).toBe(1 + 2 ** -52);
    expect(exactSum([1 + 2 ** -52, 2 ** -53])).toBe(1 + 2 ** -51); // halfway again, the even side is up
    expect(exactSum([1, -(2 ** -54)])).toBe(1); // halfway below a power of two: ties to even
    expect(exactSum([1, -(2 ** -54), -(2 ** -110)])).toBe(1 - 2 ** -53);
    expect(exactSum([2 ** -1074, 2 ** -1074, -(2 ** -1073)])).toBe(0);
    expect(exactSum([3 * 2 ** -1074, -(2 ** -1074)])).toBe(2 ** -1073);
    expect(exactSum([NaN, 1])).toBeNaN();
  });

  it('equals the BigInt-exact sum rounded once, and ignores order', () => {
    const finite = fc.oneof(
      fc.double({ min: -1e10, max: 1e10, noNaN: true }).filter((x) => x === 0 || Math.abs(x) >= 2 ** -140),
      fc.integer({ min: -1000, max: 1000 }).map((k) => k / 7),
      fc.constantFrom(0.1, 0.2, 0.3, 1e10, -1e10, 2 ** -52),
      // near ties: a half-ulp of 1 and of its neighbours, with tiny nudges either way
      fc.constantFrom(1, -1, 2 ** -53, -(2 ** -53), 2 ** -54, 3 * 2 ** -54, 2 ** -106, -(2 ** -106), 2 ** -120),
    );
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 60 }), fc.nat(), (values, rotate) => {
        // + 0 maps −0 to 0: the sign of a zero sum is not part of the contract.
        const expected = reference(values) + 0;
        expect(exactSum(values) + 0).toBe(expected);
        const turned = values.map((_, i) => values[(i + rotate) % values.length]).reverse();
        const s = new ExactSum();
        for (const x of turned) s.add(x);
        expect(s.value() + 0).toBe(expected);
      }),
    );
  });
});
