// Its own file, off the calls projection: measured on its hot path, where a summary formats a dozen instants.

// The last day isoString met, and its "YYYY-MM-DDT" as toISOString wrote it.
let isoDay = Number.NaN;
let isoDayPrefix = '';

/**
 * Exactly `date.toISOString()`, faster: that costs about 0.4 µs and a summary needs a dozen.
 * The day is formatted by toISOString once per day met; the time of day by hand.
 */
export function isoString(date: Date): string {
  const time = date.getTime();
  const day = Math.floor(time / 86_400_000);
  if (day !== isoDay) {
    const full = date.toISOString(); // throws on an invalid date, as before
    isoDay = day;
    isoDayPrefix = full.slice(0, full.indexOf('T') + 1);
    return full;
  }
  let rest = time - day * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${isoDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
