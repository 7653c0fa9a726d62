/**
 * Seeded pseudo-random numbers for the sensitivity analysis: never Math.random, so the same seed
 * gives the same bytes. mulberry32 (Tommy Ettinger's 32-bit generator) for streams, splitmix32 to
 * derive independent stream seeds from (seed, labels…).
 */

/** A stream of uniforms in [0, 1). @example mulberry32(1)() // => 0.6270739405881613 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed (splitmix32 finaliser per step). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = (h ^ (p >>> 0)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw: Marsaglia and Tsang (2000), with the shape < 1 boost. */
export function gamma(shape: number, random: () => number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(random() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A draw from the Dirichlet distribution centred on `centre` (Σ = 1) with concentration κ:
 * Dir(κ·w). Components with w = 0 stay 0. Larger κ, draws closer to the centre.
 */
export function dirichlet(centre: readonly number[], concentration: number, random: () => number): number[] {
  const g = centre.map((w) => (w > 0 ? gamma(concentration * w, random) : 0));
  const total = g.reduce((s, x) => s + x, 0);
  return total > 0 ? g.map((x) => x / total) : [...centre];
}
