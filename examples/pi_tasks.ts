/**
 * The task of `futures_pi.ts`: throws `n` darts at the unit square with
 * its own seed and counts those inside the quarter circle.
 *
 * @module
 */

/** Darts of `n` inside the quarter circle, from a small PRNG seeded by `seed`. */
export function hits(seed: number, n: number): number {
  let s = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, and every task's stream differs.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const x = next(), y = next();
    if (x * x + y * y <= 1) inside++;
  }
  return inside;
}
