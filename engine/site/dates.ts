/**
 * The site's one date format: "1 June 2025", always UTC, always with a
 * machine-readable instant beside it (`<time datetime>`).
 */

/**
 * A day as readers see it.
 *
 * @param day YYYY-MM-DD, or an RFC 3339 instant (its UTC day is shown).
 * @returns e.g. "1 June 2025".
 */
export function dayText(day: string): string {
  const instant = day.length === 10 ? `${day}T00:00:00Z` : day;
  return new Date(instant).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The instant a day starts, for `<time datetime>`: versions take effect at 00:00 UTC.
 *
 * @param day YYYY-MM-DD, or an RFC 3339 instant (returned without milliseconds).
 * @returns e.g. "2025-06-01T00:00:00Z".
 */
export function dayInstant(day: string): string {
  return day.length === 10 ? `${day}T00:00:00Z` : new Date(day).toISOString().replace(/\.000Z$/, 'Z');
}
