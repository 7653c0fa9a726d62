/**
 * Observation indices per year, years in order of first appearance.
 * @example [...membersByYear([2019, 2020, 2019])] // => [[2019, [0, 2]], [2020, [1]]]
 */
export function membersByYear(years: readonly (number | null)[]): Map<number | null, number[]> {
  const out = new Map<number | null, number[]>();
  years.forEach((y, i) => {
    const list = out.get(y);
    if (list) list.push(i);
    else out.set(y, [i]);
  });
  return out;
}

/** The values of a column at the given observations, in that order. */
export function gather(column: ArrayLike<number>, members: readonly number[]): Float64Array {
  const out = new Float64Array(members.length);
  for (let p = 0; p < members.length; p++) out[p] = column[members[p]];
  return out;
}
