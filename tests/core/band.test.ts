import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BandSyntaxError, InvalidBandError, NonFiniteBandValueError, outsideBand, parseBand } from '../../src/core/band.js';
import { CoordixError, UsageError } from '../../src/errors.js';

describe('outsideBand (methods.md §13)', () => {
  it('lists the regions outside [1, 2.5] with the distance to the nearer edge', () => {
    // band [1, 2.5]: 0.25 is below by 1 − 0.25 = 0.75; 1 and 2.5 sit on the edges (inside);
    // 1.75 is inside; 4 is above by 4 − 2.5 = 1.5
    const r = outsideBand(
      [
        { region: 'A', value: 0.25 },
        { region: 'B', value: 1 },
        { region: 'C', value: 1.75 },
        { region: 'D', value: 2.5 },
        { region: 'E', value: 4 },
      ],
      [1, 2.5],
    );
    expect(r).toEqual({
      count: 2,
      regions: [
        { region: 'A', value: 0.25, distance: 0.75, side: 'below' },
        { region: 'E', value: 4, distance: 1.5, side: 'above' },
      ],
    });
  });

  it('a band of one point leaves out every other value', () => {
    const r = outsideBand(
      [
        { region: 'A', value: 1 },
        { region: 'B', value: 0 },
        { region: 'C', value: 3 },
      ],
      [1, 1],
    );
    expect(r.count).toBe(2);
    expect(r.regions.map((x) => [x.region, x.side, x.distance])).toEqual([
      ['B', 'below', 1],
      ['C', 'above', 2],
    ]);
  });

  it('no regions means none outside', () => {
    expect(outsideBand([], [0, 1])).toEqual({ count: 0, regions: [] });
  });

  it('refuses a band with lo > hi or a non-finite edge', () => {
    expect(() => outsideBand([], [2, 1])).toThrow(InvalidBandError);
    expect(() => outsideBand([], [Number.NaN, 1])).toThrow(InvalidBandError);
    expect(() => outsideBand([], [0, Number.POSITIVE_INFINITY])).toThrow(/lower edge first/);
  });

  it('refuses a non-finite value and names its region', () => {
    const run = () => outsideBand([{ region: '甘肃', value: Number.NaN }], [0, 1]);
    expect(run).toThrow(NonFiniteBandValueError);
    expect(run).toThrow(/甘肃/);
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(CoordixError);
      expect((e as NonFiniteBandValueError).region).toBe('甘肃');
    }
  });

  it('every listed distance is positive, equals the gap to the band, and the count splits the values exactly', () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), value, value, (values, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const rows = values.map((v, i) => ({ region: `R${i}`, value: v }));
        const r = outsideBand(rows, [lo, hi]);
        const inside = values.filter((v) => v >= lo && v <= hi).length;
        expect(r.count).toBe(values.length - inside);
        expect(r.count).toBe(r.regions.length);
        for (const x of r.regions) {
          expect(x.distance).toBeGreaterThan(0);
          expect(x.distance).toBe(x.side === 'below' ? lo - x.value : x.value - hi);
        }
      }),
    );
  });

  it('the set of regions outside does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 20 }), (values) => {
        const rows = values.map((v, i) => ({ region: `R${i}`, value: v }));
        const key = (r: ReturnType<typeof outsideBand>) => r.regions.map((x) => x.region).sort();
        expect(key(outsideBand([...rows].reverse(), [-1, 1]))).toEqual(key(outsideBand(rows, [-1, 1])));
      }),
    );
  });
});

describe('parseBand', () => {
  it('reads lo:hi with optional spaces, signs and exponents', () => {
    expect(parseBand('1:2.5')).toEqual([1, 2.5]);
    expect(parseBand(' 0.8 : 1.25 ')).toEqual([0.8, 1.25]);
    expect(parseBand('-1:+1')).toEqual([-1, 1]);
    expect(parseBand('1e-3:.5')).toEqual([0.001, 0.5]);
    expect(parseBand('2:2')).toEqual([2, 2]);
  });

  it.each([
    ['1-2.5', /no ":"/],
    ['1:2:3', /more than one ":"/],
    [':2', /lower edge is missing/],
    ['1:', /upper edge is missing/],
    ['a:2', /lower edge "a" is not a number/],
    ['1:0x10', /upper edge "0x10" is not a number/],
    ['1:Infinity', /not a number/],
    ['1:1e999', /too large/],
    ['3:1', /lower edge 3 is greater than the upper edge 1/],
  ])('refuses "%s" with a usage error that says why', (text, reason) => {
    expect(() => parseBand(text)).toThrow(BandSyntaxError);
    expect(() => parseBand(text)).toThrow(reason);
    expect(() => parseBand(text)).toThrow(UsageError);
  });

  it('reads back any band it is given as text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        // String(-0) is "0": compare with Object.is-insensitive equality
        const [plo, phi] = parseBand(`${lo}:${hi}`);
        expect(plo === lo && phi === hi).toBe(true);
      }),
    );
  });
});
