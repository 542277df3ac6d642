import { closeTestDatabase, openTestDatabase } from "./support/database";
import { seededRandom } from "./support/hostile-bodies";
import type { Database } from "../src/db/data-source";
import { Channel } from "../src/modules/customer/customer.enums";
import {
  OFFICE_WEEK,
  WEEKDAYS,
  addBusinessTime,
  businessCalendar,
  businessTimeBetween,
  isWorkingTime,
  type BusinessCalendar,
  type BusinessCalendarSpec,
} from "../src/modules/service-desk/business-calendar";
import { loadBusinessCalendar } from "../src/modules/service-desk/business-calendar.query";
import { readSlaClock, type SlaClock } from "../src/modules/service-desk/sla-clock";
import { CasePriority, DEFAULT_SLA_POLICY, SlaMeasure, SlaMilestone, slaTargetFor } from "../src/modules/service-desk/sla-policy";
import { DAY_MS, HOUR_MS, dayNumber, isoDateOf } from "../src/modules/service-desk/zoned-time";

/** The 2026 notice of the State Council General Office (2025-11-04), typed again from its text. */
const DAYS_OFF_2026: [string, string][] = [
  ["2026-01-01", "2026-01-03"], ["2026-02-15", "2026-02-23"], ["2026-04-04", "2026-04-06"], ["2026-05-01", "2026-05-05"],
  ["2026-06-19", "2026-06-21"], ["2026-09-25", "2026-09-27"], ["2026-10-01", "2026-10-07"],
];
const MAKE_UP_DAYS_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];
/** 2027: only the statutory days on fixed dates until the 2027 notice is out. */
const STATUTORY_DAYS_2027 = ["2027-01-01", "2027-05-01", "2027-05-02", "2027-10-01", "2027-10-02", "2027-10-03"];

function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(first); day <= dayNumber(last); day++) days.push(isoDateOf(day));
  return days;
}

const HOLIDAYS = [...DAYS_OFF_2026.flatMap(([first, last]) => daysFrom(first, last)), ...STATUTORY_DAYS_2027];
const OFFICE_DAY: BusinessCalendarSpec["adjustedWorkingDayHours"] = [["09:00", "18:00"]];

const mainland = businessCalendar({
  code: "CN_MAINLAND",
  timeZone: "Asia/Shanghai",
  week: OFFICE_WEEK,
  adjustedWorkingDayHours: OFFICE_DAY,
  holidays: HOLIDAYS,
  adjustedWorkingDays: MAKE_UP_DAYS_2026,
});

/** A wall time in Shanghai ("2026-03-13T17:00") as an instant. */
const sh = (local: string): Date => new Date(`${local}:00+08:00`);
const add = (start: Date, hours: number, calendar: BusinessCalendar = mainland): Date => addBusinessTime(calendar, start, hours * HOUR_MS);

describe("business calendar (Asia/Shanghai, Mon–Fri 09:00–18:00, 2026 holidays)", () => {
  it("carries a Friday 17:00 case with 4 business hours over the weekend to Monday 12:00", () => {
    expect(add(sh("2026-03-13T17:00"), 4)).toEqual(sh("2026-03-16T12:00"));
  });

  it("starts the clock at the next opening for a start outside hours", () => {
    expect(add(sh("2026-03-17T03:00"), 1)).toEqual(sh("2026-03-17T10:00"));
    expect(add(sh("2026-03-17T19:30"), 1)).toEqual(sh("2026-03-18T10:00"));
    expect(businessTimeBetween(mainland, sh("2026-03-17T03:00"), sh("2026-03-17T09:00"))).toBe(0);
    expect(isWorkingTime(mainland, sh("2026-03-17T03:00"))).toBe(false);
  });

  it("ends exactly at a closing time rather than at the next opening, and answers a zero duration with the start", () => {
    expect(add(sh("2026-03-13T17:00"), 1)).toEqual(sh("2026-03-13T18:00"));
    expect(add(sh("2026-03-14T11:00"), 0)).toEqual(sh("2026-03-14T11:00"));
    expect(isWorkingTime(mainland, sh("2026-03-13T09:00"))).toBe(true);
    expect(isWorkingTime(mainland, sh("2026-03-13T18:00"))).toBe(false);
  });

  it("skips the National Day week: a case opened the day before resumes on 8 October", () => {
    expect(add(sh("2026-09-30T17:00"), 4)).toEqual(sh("2026-10-08T12:00"));
    expect(add(sh("2026-09-30T10:00"), 18)).toEqual(sh("2026-10-09T10:00"));
    expect(isWorkingTime(mainland, sh("2026-10-05T10:00"))).toBe(false);
  });

  it("counts the make-up working Saturdays and Sundays (调休)", () => {
    expect(add(sh("2026-10-09T17:00"), 2)).toEqual(sh("2026-10-10T10:00"));
    expect(isWorkingTime(mainland, sh("2026-10-10T10:00"))).toBe(true);
    expect(isWorkingTime(mainland, sh("2026-10-17T10:00"))).toBe(false);
    expect(isWorkingTime(mainland, sh("2026-09-20T10:00"))).toBe(true);
    // Spring Festival: the Saturday before is worked, then nine days off
    expect(add(sh("2026-02-13T17:00"), 2)).toEqual(sh("2026-02-14T10:00"));
    expect(add(sh("2026-02-14T17:00"), 2)).toEqual(sh("2026-02-24T10:00"));
  });

  it("measures 2026 as 248 working days of 9 hours, and lands a year of business time on its last closing", () => {
    const year = 248 * 9 * HOUR_MS;
    expect(businessTimeBetween(mainland, sh("2026-01-01T00:00"), sh("2027-01-01T00:00"))).toBe(year);
    expect(addBusinessTime(mainland, sh("2026-01-01T00:00"), year)).toEqual(sh("2026-12-31T18:00"));
    expect(businessTimeBetween(mainland, sh("2027-01-01T00:00"), sh("2026-01-01T00:00"))).toBe(-year);
  });

  it("follows several working periods a day (a lunch break)", () => {
    const withLunch = businessCalendar({
      code: "LUNCH",
      timeZone: "Asia/Shanghai",
      week: Object.fromEntries(WEEKDAYS.slice(1, 6).map((day) => [day, [["09:00", "12:00"], ["13:30", "18:00"]]])),
      adjustedWorkingDayHours: OFFICE_DAY,
    });
    expect(add(sh("2026-03-16T11:00"), 2, withLunch)).toEqual(sh("2026-03-16T14:30"));
    expect(isWorkingTime(withLunch, sh("2026-03-16T12:30"))).toBe(false);
    expect(businessTimeBetween(withLunch, sh("2026-03-16T00:00"), sh("2026-03-17T00:00"))).toBe(7.5 * HOUR_MS);
  });

  it("reads hours in the calendar's own zone, across daylight-saving changes", () => {
    const berlin = businessCalendar({ code: "DE", timeZone: "Europe/Berlin", week: OFFICE_WEEK, adjustedWorkingDayHours: OFFICE_DAY });
    // Friday 17:00 CET + 2 h → Monday 10:00 CEST (clocks went forward on Sunday 29 March)
    expect(addBusinessTime(berlin, new Date("2026-03-27T16:00:00Z"), 2 * HOUR_MS)).toEqual(new Date("2026-03-30T08:00:00Z"));
    const newYork = businessCalendar({ code: "US", timeZone: "America/New_York", week: OFFICE_WEEK, adjustedWorkingDayHours: OFFICE_DAY });
    expect(addBusinessTime(newYork, new Date("2026-03-06T22:00:00Z"), 2 * HOUR_MS)).toEqual(new Date("2026-03-09T14:00:00Z"));
    const allDay: BusinessCalendarSpec["week"] = Object.fromEntries(WEEKDAYS.map((day) => [day, [["00:00", "24:00"]]]));
    const roundTheClock = businessCalendar({ code: "DE24", timeZone: "Europe/Berlin", week: allDay, adjustedWorkingDayHours: OFFICE_DAY });
    expect(businessTimeBetween(roundTheClock, new Date("2026-03-28T23:00:00Z"), new Date("2026-03-29T22:00:00Z"))).toBe(23 * HOUR_MS);
    expect(businessTimeBetween(roundTheClock, new Date("2026-10-24T22:00:00Z"), new Date("2026-10-25T23:00:00Z"))).toBe(25 * HOUR_MS);
  });

  it("refuses an unknown zone, overlapping periods, a closed week, bad dates and a day that is both kinds", () => {
    const spec: BusinessCalendarSpec = { code: "X", timeZone: "Asia/Shanghai", week: OFFICE_WEEK, adjustedWorkingDayHours: OFFICE_DAY };
    expect(() => businessCalendar({ ...spec, timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
    expect(() => businessCalendar({ ...spec, week: { MON: [["09:00", "13:00"], ["12:00", "18:00"]] } })).toThrow(/overlap/);
    expect(() => businessCalendar({ ...spec, week: { MON: [["18:00", "09:00"]] } })).toThrow(/close after/);
    expect(() => businessCalendar({ ...spec, week: {} })).toThrow(/no working hours/);
    expect(() => businessCalendar({ ...spec, holidays: ["2026-02-30"] })).toThrow(/not a date/);
    expect(() => businessCalendar({ ...spec, holidays: ["2026-10-10"], adjustedWorkingDays: ["2026-10-10"] })).toThrow(/both/);
    expect(() => addBusinessTime(mainland, sh("2026-03-16T09:00"), -1)).toThrow(RangeError);
  });
});

describe("business calendar properties (seeded random inputs)", () => {
  // mulberry32 with a fixed seed: the same inputs on every run, so a failure can be replayed
  const random = seededRandom("business calendar properties");
  const instant = (): Date => new Date(sh("2026-01-01T00:00").getTime() + random.int(0, 2 * 365 * DAY_MS));

  it("businessTimeBetween(start, addBusinessTime(start, d)) is d", () => {
    for (let i = 0; i < 2000; i++) {
      const start = instant();
      const duration = random.int(1, 800 * HOUR_MS);
      const end = addBusinessTime(mainland, start, duration);
      expect({ start, duration, measured: businessTimeBetween(mainland, start, end) }).toEqual({ start, duration, measured: duration });
    }
  });

  it("addBusinessTime(a, businessTimeBetween(a, b)) is the earliest instant with the same business time as b", () => {
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [instant(), instant()].sort((x, y) => x.getTime() - y.getTime());
      const reached = addBusinessTime(mainland, a, businessTimeBetween(mainland, a, b));
      expect(reached.getTime()).toBeLessThanOrEqual(b.getTime());
      expect({ a, b, rest: businessTimeBetween(mainland, reached, b) }).toEqual({ a, b, rest: 0 });
      if (isWorkingTime(mainland, b)) expect(reached).toEqual(b);
    }
  });
});

describe("SLA clock", () => {
  const resolution = (hours: number) => ({ measure: SlaMeasure.BUSINESS, durationMs: hours * HOUR_MS });
  const clock = (over: Partial<SlaClock>): SlaClock => ({ target: resolution(4), calendar: mainland, openedAt: sh("2026-03-16T09:00"), pauses: [], ...over });

  it("puts breachAt where the business target runs out, and a 2-business-hour pause moves it by 2 hours", () => {
    expect(readSlaClock(clock({}), sh("2026-03-16T10:00")).breachAt).toEqual(sh("2026-03-16T13:00"));
    const paused = readSlaClock(clock({ pauses: [{ from: sh("2026-03-16T10:00"), to: sh("2026-03-16T12:00") }] }), sh("2026-03-16T14:00"));
    expect(paused).toEqual({ breachAt: sh("2026-03-16T15:00"), elapsedMs: 3 * HOUR_MS, remainingMs: HOUR_MS, breached: false, paused: false, stopped: false });
  });

  it("shifts breachAt only by the business time a pause overlapped", () => {
    const overWeekend = clock({ openedAt: sh("2026-03-13T16:00"), pauses: [{ from: sh("2026-03-13T19:00"), to: sh("2026-03-16T10:00") }] });
    expect(readSlaClock(overWeekend, sh("2026-03-16T11:00")).breachAt).toEqual(sh("2026-03-16T12:00"));
    const overlapping = clock({ pauses: [{ from: sh("2026-03-16T10:00"), to: sh("2026-03-16T11:00") }, { from: sh("2026-03-16T10:30"), to: sh("2026-03-16T12:00") }] });
    expect(readSlaClock(overlapping, sh("2026-03-16T12:00")).breachAt).toEqual(sh("2026-03-16T15:00"));
  });

  it("has no breachAt while paused, with the remaining time frozen", () => {
    const waiting = clock({ pauses: [{ from: sh("2026-03-16T10:00"), to: null }] });
    expect(readSlaClock(waiting, sh("2026-03-18T17:00"))).toEqual({
      breachAt: null, elapsedMs: HOUR_MS, remainingMs: 3 * HOUR_MS, breached: false, paused: true, stopped: false,
    });
  });

  it("stays breached when paused after the target ran out", () => {
    const late = clock({ pauses: [{ from: sh("2026-03-16T14:00"), to: null }] });
    expect(readSlaClock(late, sh("2026-03-16T16:00"))).toMatchObject({ breachAt: sh("2026-03-16T13:00"), breached: true, remainingMs: 0, paused: true });
  });

  it("is breached on a Saturday when the target ran out at Friday's closing", () => {
    const reading = readSlaClock(clock({ openedAt: sh("2026-03-13T17:00"), target: resolution(1) }), sh("2026-03-14T10:00"));
    expect(reading).toMatchObject({ breachAt: sh("2026-03-13T18:00"), breached: true, elapsedMs: HOUR_MS, remainingMs: 0 });
  });

  it("stops when the milestone is met: met at breachAt is in time, a millisecond later is not", () => {
    expect(readSlaClock(clock({ stoppedAt: sh("2026-03-16T12:00") }), sh("2026-03-20T12:00"))).toMatchObject({ elapsedMs: 3 * HOUR_MS, breached: false, stopped: true });
    expect(readSlaClock(clock({ stoppedAt: sh("2026-03-16T13:00") }), sh("2026-03-20T12:00")).breached).toBe(false);
    expect(readSlaClock(clock({ stoppedAt: new Date(sh("2026-03-16T13:00").getTime() + 1) }), sh("2026-03-20T12:00")).breached).toBe(true);
  });

  it("counts 24×7 targets on the clock: the first-response day runs through a holiday and a pause counts whole", () => {
    const firstResponse = slaTargetFor(DEFAULT_SLA_POLICY, Channel.EMAIL, CasePriority.NORMAL, SlaMilestone.FIRST_RESPONSE);
    const opened = clock({ target: firstResponse, openedAt: sh("2026-09-30T17:00") });
    expect(readSlaClock(opened, sh("2026-10-01T09:00")).breachAt).toEqual(sh("2026-10-01T17:00"));
    const pausedTwoDays = { ...opened, pauses: [{ from: sh("2026-10-01T09:00"), to: sh("2026-10-03T09:00") }] };
    expect(readSlaClock(pausedTwoDays, sh("2026-10-03T10:00")).breachAt).toEqual(sh("2026-10-03T17:00"));
  });
});

describe("default SLA policy", () => {
  it("answers every enquiry within 24 clock hours by default, sooner for urgent hotline calls; resolves in business hours", () => {
    expect(slaTargetFor(DEFAULT_SLA_POLICY, Channel.WECHAT, CasePriority.NORMAL, SlaMilestone.FIRST_RESPONSE)).toEqual({ measure: SlaMeasure.ELAPSED, durationMs: 24 * HOUR_MS });
    expect(slaTargetFor(DEFAULT_SLA_POLICY, Channel.HOTLINE, CasePriority.URGENT, SlaMilestone.FIRST_RESPONSE)).toEqual({ measure: SlaMeasure.ELAPSED, durationMs: HOUR_MS });
    expect(slaTargetFor(DEFAULT_SLA_POLICY, Channel.HOTLINE, CasePriority.NORMAL, SlaMilestone.FIRST_RESPONSE).durationMs).toBe(24 * HOUR_MS);
    expect(slaTargetFor(DEFAULT_SLA_POLICY, Channel.BRANCH, CasePriority.NORMAL, SlaMilestone.RESOLUTION)).toEqual({ measure: SlaMeasure.BUSINESS, durationMs: 45 * HOUR_MS });
  });

  it("has a positive target for every channel, priority and milestone, first response never later than 24 hours", () => {
    for (const channel of Object.values(Channel)) {
      for (const priority of Object.values(CasePriority)) {
        const first = slaTargetFor(DEFAULT_SLA_POLICY, channel, priority, SlaMilestone.FIRST_RESPONSE);
        const resolution = slaTargetFor(DEFAULT_SLA_POLICY, channel, priority, SlaMilestone.RESOLUTION);
        expect(first.durationMs).toBeGreaterThan(0);
        expect(first.durationMs).toBeLessThanOrEqual(24 * HOUR_MS);
        expect(resolution.durationMs).toBeGreaterThan(0);
      }
    }
  });
});

describe("business calendar in the database (migration 1795700000730)", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(db));

  it("loads CN_MAINLAND with the 2026 notice and the 2027 statutory days, marked complete through 2026", async () => {
    const loaded = await loadBusinessCalendar(db, "CN_MAINLAND");
    expect(loaded).not.toBeNull();
    const calendar = loaded as BusinessCalendar;
    expect(calendar.timeZone).toBe("Asia/Shanghai");
    expect(calendar.daysCompleteThrough).toBe("2026-12-31");
    expect(calendar.week).toEqual(mainland.week);
    expect(calendar.adjustedWorkingDayHours).toEqual([[9 * 60, 18 * 60]]);
    expect([...calendar.holidays].map(isoDateOf).sort()).toEqual([...HOLIDAYS].sort());
    expect([...calendar.adjustedWorkingDays].map(isoDateOf).sort()).toEqual([...MAKE_UP_DAYS_2026].sort());
    expect(addBusinessTime(calendar, sh("2026-09-30T17:00"), 4 * HOUR_MS)).toEqual(sh("2026-10-08T12:00"));
    expect(businessTimeBetween(calendar, sh("2026-01-01T00:00"), sh("2027-01-01T00:00"))).toBe(248 * 9 * HOUR_MS);
  });

  it("names every seeded day and answers null for an unknown calendar", async () => {
    const unnamed = await db.query(`SELECT count(*)::int AS n FROM calendar_day WHERE length(trim(name)) = 0`);
    expect(unnamed[0].n).toBe(0);
    expect(await loadBusinessCalendar(db, "NOWHERE")).toBeNull();
  });

  it("refuses a day of another kind", async () => {
    await expect(db.query(`INSERT INTO calendar_day (calendar_code, day, kind, name) VALUES ('CN_MAINLAND', '2027-12-25', 'HALF_DAY', 'x')`)).rejects.toThrow(/CHK_calendar_day_kind/);
  });
});
