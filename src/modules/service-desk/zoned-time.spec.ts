import { intlOffsetAt, MINUTE_MS, offsetAt } from "./zoned-time";

/** Zones with a DST change at a whole hour, at 02:00 local in a :30 zone, and at a :45 zone's 02:45, and one without. */
const CHANGES: [string, string][] = [
  ["America/New_York", "2026-03-08T07:00:00Z"],
  ["America/New_York", "2026-11-01T06:00:00Z"],
  ["Europe/Berlin", "2026-03-29T01:00:00Z"],
  ["Australia/Adelaide", "2026-04-04T16:30:00Z"],
  ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
  ["Pacific/Chatham", "2026-04-04T14:00:00Z"],
  ["Asia/Shanghai", "2026-06-01T00:00:00Z"],
  // local mean time (+8:05:43) to standard time at 1901-01-01 00:00 local: a change inside a quarter of an hour
  ["Asia/Shanghai", "1900-12-31T15:54:17Z"],
];

describe("offsetAt, kept per quarter of an hour", () => {
  it.each(CHANGES)("gives Intl's offset at every minute and second around a change in %s (%s)", (zone, at) => {
    const change = Date.parse(at);
    const seen = new Set<number>();
    const around = [change - 1000, change, change + 1000];
    for (let t = change - 3 * 60 * MINUTE_MS; t <= change + 3 * 60 * MINUTE_MS; t += 61_000) around.push(t);
    for (const t of around) {
      // twice: the second answer comes from what the first kept
      expect([t, offsetAt(zone, t)]).toEqual([t, intlOffsetAt(zone, t)]);
      expect([t, offsetAt(zone, t)]).toEqual([t, intlOffsetAt(zone, t)]);
      seen.add(intlOffsetAt(zone, t));
    }
    // the window really holds a change (except the zone without DST)
    expect(seen.size).toBe(at === "2026-06-01T00:00:00Z" ? 1 : 2);
  });

  it("gives Intl's offset for seeded random instants across two centuries, LMT offsets with seconds included", () => {
    let state = 42;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const zone = ["Asia/Shanghai", "America/New_York", "Europe/Amsterdam", "Asia/Kolkata"][i % 4];
      const t = Date.UTC(1880, 0, 1) + Math.floor(next() * 200 * 365.25 * 86_400_000);
      expect([zone, t, offsetAt(zone, t)]).toEqual([zone, t, intlOffsetAt(zone, t)]);
    }
  });
});
