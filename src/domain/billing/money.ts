/**
 * Money is integer minor units of one ISO currency; never a float. Products and shares are
 * computed in BigInt and rounded once, half up (half a cent goes up), so every rounding is
 * explicit, and chargeable = total − covered keeps each line's parts summing exactly.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new Error('A denominator is positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (2n * denominator);
  return Number(negative ? -rounded : rounded);
}

/** amount × numerator ÷ denominator, rounded half up. */
export function scale(amount: number, numerator: number, denominator: number): number {
  return roundHalfUp(BigInt(amount) * BigInt(numerator), BigInt(denominator));
}

/** Hourly rate × minutes, rounded half up: 90 minutes at 85.00/h is 127.50. */
export const labourAmount = (ratePerHour: number, minutes: number): number =>
  scale(ratePerHour, minutes, 60);

/** A percentage given with at most two decimals, as basis points. */
export const basisPoints = (percent: number): number => Math.round(percent * 100);

/** amount × percent ÷ 100, rounded half up. */
export const percentOf = (amount: number, percent: number): number =>
  scale(amount, basisPoints(percent), 10_000);

export const formatMoney = (minor: number, currency: string): string =>
  `${(minor / 100).toFixed(2)} ${currency}`;
