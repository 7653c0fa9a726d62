import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localMoran, moranI, MoranInputError, normalUpperTail, shuffleInPlace, ZeroVarianceError } from '../../../src/core/spatial/moran.js';
import { spatialWeights } from '../../../src/core/spatial/weights.js';
import { mulberry32 } from '../../../src/core/random.js';

// The line graph A–B–C–D, row-standardised: A and D have one neighbour, B and C two.
const LINE = [
  [0, 1, 0, 0],
  [0.5, 0, 0.5, 0],
  [0, 0.5, 0, 0.5],
  [0, 0, 1, 0],
];

/** Binary rook contiguity on an r × c lattice, cells in row-major order (libpysal's lat2W). */
function lattice(rows: number, cols: number): number[][] {
  const n = rows * cols;
  const w = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (c + 1 < cols) w[i][i + 1] = w[i + 1][i] = 1;
      if (r + 1 < rows) w[i][i + cols] = w[i + cols][i] = 1;
    }
  return w;
}

function rowStandardise(w: number[][]): number[][] {
  return w.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return s > 0 ? row.map((x) => x / s) : row;
  });
}

describe("global Moran's I (methods.md §11)", () => {
  it('is 0.4 on the line graph A–B–C–D with x = (1, 2, 3, 4), worked by hand', () => {
    // x̄ = 2.5, z = (−1.5, −0.5, 0.5, 1.5), Σz² = 5, S0 = 4 (row-standardised, 4 rows)
    // Σ_ij w_ij z_i z_j: row A 1·(−1.5)(−0.5) = 0.75; row B 0.5·(−0.5)(−1.5) + 0.5·(−0.5)(0.5) = 0.25;
    //                    row C 0.25; row D 0.75; total 2
    // I = (n/S0) · 2/5 = 0.4; E[I] = −1/3
    // S1 = ½Σ(w_ij + w_ji)²: pairs AB and CD give (1 + 0.5)² twice each, BC (0.5 + 0.5)² twice → 5.5
    // S2 = Σ(row_i + col_i)²: columns sum to (0.5, 1.5, 1.5, 0.5) → 1.5² + 2.5² + 2.5² + 1.5² = 17
    // b2 = n Σz⁴/(Σz²)² = 4 · 10.25 / 25 = 1.64
    // Var = [4(7·5.5 − 4·17 + 3·16) − 1.64(12·5.5 − 8·17 + 6·16)] / (3·2·1·16) − 1/9
    //     = (74 − 42.64)/96 − 1/9 = 97/450 = 0.215556; z = (0.4 + 1/3)/√(97/450) = 1.579508
    const m = moranI([1, 2, 3, 4], LINE, { permutations: 0 });
    expect(m.I).toBeCloseTo(0.4, 15);
    expect(m.expected).toBeCloseTo(-1 / 3, 15);
    expect(m.variance).toBeCloseTo(97 / 450, 14);
    expect(m.z).toBeCloseTo((0.4 + 1 / 3) / Math.sqrt(97 / 450), 13);
    expect(m.p).toBeCloseTo(normalUpperTail(m.z!), 15);
    expect(m.pseudoP).toBeNull();
    expect(m.n).toBe(4);
  });

  it('has the randomisation variance 0.0596875 on the 3×3 rook lattice with binary weights (PySAL esda)', () => {
    // esda/tests/test_moran.py, TestMoran.test_variance: Moran(arange(1, 10), lat2W(3, 3),
    // transformation="B").VI_rand == 0.059687500000000004
    const m = moranI([1, 2, 3, 4, 5, 6, 7, 8, 9], lattice(3, 3), { permutations: 0 });
    expect(m.variance).toBeCloseTo(0.0596875, 14);
  });

  it("gives I = 0.2436558 for St Louis homicide rates 1988–93 on queen weights (PySAL esda)", () => {
    // esda/tests/test_moran.py, TestMoran.test_moran: Moran(HR8893, stl.gal) I == 0.24365582621771659,
    // E[I] = −1/77. Data: libpysal examples stl_hom.txt (column HR8893) and stl.gal (78 counties).
    const w = rowStandardise(galToMatrix(STL_GAL));
    const m = moranI(STL_HR8893, w, { permutations: 0 });
    expect(m.I).toBeCloseTo(0.24365582621771659, 13);
    expect(m.expected).toBeCloseTo(-1 / 77, 15);
  });

  it('gives a one-sided normal p: P(Z ≥ 1.959964) = 0.025 (standard normal table)', () => {
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalUpperTail(0)).toBe(0.5);
    expect(normalUpperTail(-1)).toBeCloseTo(0.841344746068543, 14);
    // far tail, 1 − Φ(5) = 2.866515718791939e-7
    expect(normalUpperTail(5) / 2.866515718791939e-7).toBeCloseTo(1, 12);
  });

  it('is unchanged by x → a·x + b with a > 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (x, a, b) => {
          const spread = Math.max(...x) - Math.min(...x);
          fc.pre(spread > 1e-3);
          const m1 = moranI(x, LINE, { permutations: 0 });
          const m2 = moranI(x.map((v) => a * v + b), LINE, { permutations: 0 });
          expect(m2.I).toBeCloseTo(m1.I, 9);
          expect(m2.variance!).toBeCloseTo(m1.variance!, 9);
        },
      ),
    );
  });

  it('is positive for a pattern constant within spatial clusters (property)', () => {
    // two 3×3 blocks of a 3×6 lattice (columns 0–2 and 3–5), each block constant
    const w = rowStandardise(lattice(3, 6));
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (left, right) => {
        fc.pre(Math.abs(left - right) > 1e-6);
        const x = Array.from({ length: 18 }, (_, i) => (i % 6 < 3 ? left : right));
        expect(moranI(x, w, { permutations: 0 }).I).toBeGreaterThan(0.5);
      }),
    );
  });

  it('gives the same pseudo p for the same seed, and counts I_perm ≥ I (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 9, maxLength: 9 }), fc.nat(), (x, seed) => {
        fc.pre(new Set(x).size > 1);
        const w = rowStandardise(lattice(3, 3));
        const a = moranI(x, w, { permutations: 99, seed });
        const b = moranI(x, w, { permutations: 99, seed });
        expect(a).toEqual(b);
        expect(a.pseudoP! * 100).toBeCloseTo(Math.round(a.pseudoP! * 100), 9);
        expect(a.pseudoP).toBeGreaterThanOrEqual(0.01);
        expect(a.pseudoP).toBeLessThanOrEqual(1);
      }),
      { numRuns: 30 },
    );
  });

  it('finds strong clustering significant by permutation', () => {
    const w = rowStandardise(lattice(4, 4));
    const x = Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 10 + (i % 3) : 100 + (i % 5)));
    const m = moranI(x, w, { permutations: 999, seed: 42 });
    expect(m.pseudoP).toBeLessThan(0.01);
    expect(m.p).toBeLessThan(0.01);
  });

  it('throws a typed error for a variable that does not vary', () => {
    expect(() => moranI([3, 3, 3, 3], LINE)).toThrow(ZeroVarianceError);
  });

  it('throws on a length mismatch, a non-finite value, and all-zero weights', () => {
    expect(() => moranI([1, 2, 3], LINE)).toThrow(MoranInputError);
    expect(() => moranI([1, 2, NaN, 4], LINE)).toThrow(/not a finite number/);
    expect(() => moranI([1, 2, 3, 4], LINE.map((r) => r.map(() => 0)))).toThrow(MoranInputError);
  });

  it('keeps n = all regions with an island (spdep adjust.n = FALSE) and accepts SpatialWeights', () => {
    const w = spatialWeights(['广东', '广西', '湖南', '海南'], { kind: 'queen-strict' });
    expect(w.islands).toEqual(['海南']);
    const m = moranI([3, 1, 2, 5], w, { permutations: 0 });
    expect(m.n).toBe(4);
    expect(m.expected).toBeCloseTo(-1 / 3, 15);
  });
});

describe("local Moran's I (LISA)", () => {
  it('matches the hand-worked line graph A–B–C–D with x = (1, 2, 3, 4)', () => {
    // m2 = Σz²/n = 5/4 = 1.25; lag of z: A −0.5, B 0.5·(−1.5) + 0.5·0.5 = −0.5, C 0.5, D 0.5
    // I_A = (−1.5/1.25)(−0.5) = 0.6, I_B = (−0.5/1.25)(−0.5) = 0.2, I_C = 0.2, I_D = 0.6
    // lag of x: A 2, B (1 + 3)/2 = 2, C 3, D 3; quadrants LL LL HH HH
    const local = localMoran([1, 2, 3, 4], LINE, { permutations: 0 });
    expect(local.map((r) => r.Ii)).toEqual([0.6, 0.2, 0.2, 0.6]);
    expect(local.map((r) => r.lag)).toEqual([2, 2, 3, 3]);
    expect(local.map((r) => r.quadrant)).toEqual(['LL', 'LL', 'HH', 'HH']);
    expect(local.map((r) => r.region)).toEqual(['1', '2', '3', '4']);
    expect(local.every((r) => r.p === null && !r.significant)).toBe(true);
  });

  it('sums to S0 · I (property)', () => {
    const w = rowStandardise(lattice(3, 4));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 12, maxLength: 12 }), (x) => {
        fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
        const total = localMoran(x, w, { permutations: 0 }).reduce((s, r) => s + r.Ii, 0);
        expect(total / 12).toBeCloseTo(moranI(x, w, { permutations: 0 }).I, 9);
      }),
    );
  });

  it('gives identical permutation p-values for the same seed, folded to at most 0.5 (property)', () => {
    const w = rowStandardise(lattice(3, 3));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 9, maxLength: 9 }), fc.nat(), (x, seed) => {
        fc.pre(new Set(x).size > 2);
        const a = localMoran(x, w, { permutations: 99, seed });
        expect(localMoran(x, w, { permutations: 99, seed })).toEqual(a);
        for (const r of a) {
          expect(r.p).toBeGreaterThanOrEqual(0.01);
          // folded: at most half the permutations count, so p ≤ (1 + 49)/100
          expect(r.p).toBeLessThanOrEqual(0.5);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('flags a hot spot as HH and significant, and gives an island no p-value', () => {
    // 5×5 lattice: a high 2×2 block in one corner; cell 0 is at its corner
    const w = rowStandardise(lattice(5, 5));
    const x = Array.from({ length: 25 }, (_, i) => (Math.floor(i / 5) < 2 && i % 5 < 2 ? 100 : i % 3));
    const local = localMoran(x, w, { permutations: 999, seed: 3 });
    expect(local[0].quadrant).toBe('HH');
    expect(local[0].significant).toBe(true);
    expect(local[0].p).toBeLessThanOrEqual(0.05);

    const island = spatialWeights(['广东', '广西', '湖南', '海南'], { kind: 'queen-strict' });
    const r = localMoran([3, 1, 2, 5], island, { permutations: 99 });
    expect(r[3]).toMatchObject({ region: '海南', lag: 0, Ii: 0, p: null, significant: false, quadrant: 'HL' });
  });

  it('throws a typed error for a variable that does not vary', () => {
    expect(() => localMoran([2, 2, 2, 2], LINE)).toThrow(ZeroVarianceError);
  });
});

describe('seeded shuffle', () => {
  it('is a permutation and repeats with the same seed', () => {
    const a = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], mulberry32(9));
    const b = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], mulberry32(9));
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

function galToMatrix(gal: string): number[][] {
  const lists = gal.split(';').map((s) => s.split(' ').map(Number));
  const n = lists.length;
  const w = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  lists.forEach((nb, i) => nb.forEach((j) => (w[i][j - 1] = 1)));
  return w;
}

// libpysal examples/stl (BSD-3-Clause, PySAL developers; source: Messner et al. 2000, NCOVR atlas):
// stl.gal queen contiguity, one neighbour list per county (1-based), and stl_hom.txt column HR8893.
const STL_GAL =
  '7 3 6;10 8 5;7 4 1;9 5 3 7;10 4 9 2;16 12 11 7 1;19 9 11 18 1 6 3 4;15 10 2;20 19 13 10 7 4 5;17 15 9 13 20 21 5 2 8;18 16 6 7;16 14 6;20 9 10;22 16 12;23 10 17 8;28 27 18 22 14 12 6 11;30 26 23 21 10 15;33 32 19 16 27 11 7;24 20 18 33 7 9;24 21 19 9 13 10;35 26 24 20 17 10;29 28 14 16;31 25 17 30 15;35 33 21 19 20;42 31 23;34 30 21 35 17;41 39 32 28 36 16 18;29 36 27 22 16;38 36 22 28;43 34 31 26 17 23;44 42 43 30 23 25;33 27 41 18;46 40 35 32 41 18 24 19;43 35 45 26 30;45 37 33 21 24 34 26;47 39 38 29 28 27;51 45 40 46 49 35;48 47 29 36;52 50 41 47 36 27;46 37 33;50 46 39 27 33 32;53 31 44 25;61 59 54 44 45 34 30 31;54 53 43 31 42;60 59 51 37 35 43 34;49 50 57 41 33 40 37;56 55 52 48 38 36 39;55 47 38;63 51 46 57 37;58 57 52 39 41 46;64 60 49 63 37 45;62 58 56 47 39 50;65 54 44 42;65 61 43 44 53;56 48 47;62 55 47 52;67 63 66 58 50 49 46;66 52 62 50 57;69 61 60 70 45 43;70 64 51 45 59;72 65 59 69 43 54;68 66 56 52 58;64 57 67 49 51;71 70 63 67 51 60;61 72 54 53;73 67 62 68 58 57;76 75 71 66 57 64 63;73 62 66;77 72 70 74 59 61;74 71 78 64 60 69 59;78 75 67 64 70;77 69 61 65;76 66 68;77 78 70 69;78 76 67 71;73 67 75;74 69 72;75 71 74 70';
const STL_HR8893 = [
  1.624458, 2.255492, 1.46789, 2.484256, 0, 9.048673, 6.029489, 1.800385, 4.581251, 3.790607, 1.447436, 1.191966, 0, 1.608017,
  1.949812, 0.74509, 4.173318, 3.783252, 2.085136, 2.176302, 6.309347, 10.855743, 4.211354, 0.80481, 3.215331, 2.833664, 1.59204,
  1.571158, 3.12759, 4.416896, 3.017486, 9.924245, 7.973957, 5.005464, 2.463891, 0, 7.377974, 1.003875, 3.190047, 45.905406,
  2.447597, 1.294958, 5.933098, 4.133997, 4.298311, 27.483827, 0.969791, 0, 2.934466, 4.456427, 4.629264, 4.941533, 3.990041,
  2.064324, 3.040253, 3.905411, 4.332839, 3.894111, 6.828794, 3.263947, 3.282163, 3.295762, 7.249679, 3.041846, 1.618018, 4.910801,
  1.991457, 3.146192, 7.26665, 3.110904, 2.980271, 3.866767, 1.868408, 12.577034, 7.803599, 3.47149, 4.334822, 8.451537,
];
