/**
 * PowerDNS's humanDuration (pdns/misc.cc): seconds, then minutes (2 significant digits),
 * hours and days (3), months of 30.41 days (3), as C++'s default float output prints them.
 */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  const g = (x: number, p: number) => String(Number(x.toPrecision(p)));
  if (s < 60) return `${s} seconds`;
  if (s < 3600) return `${g(s / 60, 2)} minutes`;
  if (s < 86400) return `${g(s / 3600, 3)} hours`;
  if (s < 86400 * 30.41) return `${g(s / 86400, 3)} days`;
  return `${g(s / (86400 * 30.41), 3)} months`;
}

/**
 * The four lines MRTG reads from an external script, as `pdns_control`'s mrtg command prints
 * them: the first variable, the second (0 when not asked for), the uptime, and a description.
 */
export function mrtgLines(
  first: number,
  second: number | undefined,
  uptimeSeconds: number,
  description: string,
): string {
  return [String(first), String(second ?? 0), humanDuration(uptimeSeconds), description].join('\n');
}
