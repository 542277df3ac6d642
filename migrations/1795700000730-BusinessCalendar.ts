import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Business calendars for SLA clocks: working hours per weekday in a time zone, and dated
 * exceptions — HOLIDAY (closed whatever the weekday) and WORKING_DAY (a 调休 make-up Saturday or
 * Sunday, open with the calendar's adjusted-day hours).
 *
 * Seeded: CN_MAINLAND, Asia/Shanghai, Mon–Fri 09:00–18:00, with
 * - 2026: the whole schedule of the State Council General Office's notice on the 2026 holidays
 *   (国务院办公厅关于2026年部分节假日安排的通知, dated 2025-11-04): every day off and every
 *   make-up working day;
 * - 2027: INCOMPLETE — only the statutory holidays on fixed dates (元旦 1 Jan, 劳动节 1–2 May,
 *   国庆节 1–3 Oct; statutory days are always days off). The lunar holidays (春节, 清明, 端午,
 *   中秋), the days off bridged to them and the make-up working days are set by the 2027 notice,
 *   not announced when this was written: add them in a new migration when it is published and move
 *   `days_complete_through` to 2027-12-31. Until then that column says 2026-12-31.
 */
export class BusinessCalendar1795700000730 implements MigrationInterface {
  name = "BusinessCalendar1795700000730";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "business_calendar" (
      "code" character varying(32) NOT NULL,
      "name" character varying(100) NOT NULL,
      "time_zone" character varying(64) NOT NULL,
      "working_hours" jsonb NOT NULL,
      "adjusted_working_day_hours" jsonb NOT NULL,
      "days_complete_through" date,
      CONSTRAINT "CHK_business_calendar_working_hours" CHECK (jsonb_typeof("working_hours") = 'object'),
      CONSTRAINT "CHK_business_calendar_adjusted_hours" CHECK (jsonb_typeof("adjusted_working_day_hours") = 'array'),
      CONSTRAINT "PK_business_calendar" PRIMARY KEY ("code"))`);
    await q.query(`CREATE TABLE "calendar_day" (
      "calendar_code" character varying(32) NOT NULL,
      "day" date NOT NULL,
      "kind" character varying(12) NOT NULL,
      "name" character varying(100) NOT NULL,
      CONSTRAINT "CHK_calendar_day_kind" CHECK ("kind" IN ('HOLIDAY', 'WORKING_DAY')),
      CONSTRAINT "PK_calendar_day" PRIMARY KEY ("calendar_code", "day"))`);
    await q.query(
      `ALTER TABLE "calendar_day" ADD CONSTRAINT "FK_calendar_day_calendar" FOREIGN KEY ("calendar_code") REFERENCES "business_calendar"("code") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await q.query(`INSERT INTO "business_calendar" ("code", "name", "time_zone", "working_hours", "adjusted_working_day_hours", "days_complete_through")
      VALUES ('CN_MAINLAND', 'Mainland China office hours', 'Asia/Shanghai',
              '{"MON": [["09:00", "18:00"]], "TUE": [["09:00", "18:00"]], "WED": [["09:00", "18:00"]], "THU": [["09:00", "18:00"]], "FRI": [["09:00", "18:00"]]}',
              '[["09:00", "18:00"]]', '2026-12-31')`);
    await q.query(`INSERT INTO "calendar_day" ("calendar_code", "day", "kind", "name")
      SELECT 'CN_MAINLAND', d::date, r.kind, r.name
        FROM (VALUES
          ('2026-01-01', '2026-01-03', 'HOLIDAY', '元旦 New Year''s Day'),
          ('2026-01-04', '2026-01-04', 'WORKING_DAY', '元旦调休上班 make-up working day'),
          ('2026-02-14', '2026-02-14', 'WORKING_DAY', '春节调休上班 make-up working day'),
          ('2026-02-15', '2026-02-23', 'HOLIDAY', '春节 Spring Festival'),
          ('2026-02-28', '2026-02-28', 'WORKING_DAY', '春节调休上班 make-up working day'),
          ('2026-04-04', '2026-04-06', 'HOLIDAY', '清明节 Qingming Festival'),
          ('2026-05-01', '2026-05-05', 'HOLIDAY', '劳动节 Labour Day'),
          ('2026-05-09', '2026-05-09', 'WORKING_DAY', '劳动节调休上班 make-up working day'),
          ('2026-06-19', '2026-06-21', 'HOLIDAY', '端午节 Dragon Boat Festival'),
          ('2026-09-20', '2026-09-20', 'WORKING_DAY', '国庆节调休上班 make-up working day'),
          ('2026-09-25', '2026-09-27', 'HOLIDAY', '中秋节 Mid-Autumn Festival'),
          ('2026-10-01', '2026-10-07', 'HOLIDAY', '国庆节 National Day'),
          ('2026-10-10', '2026-10-10', 'WORKING_DAY', '国庆节调休上班 make-up working day'),
          ('2027-01-01', '2027-01-01', 'HOLIDAY', '元旦 New Year''s Day (statutory day; 2027 notice pending)'),
          ('2027-05-01', '2027-05-02', 'HOLIDAY', '劳动节 Labour Day (statutory days; 2027 notice pending)'),
          ('2027-10-01', '2027-10-03', 'HOLIDAY', '国庆节 National Day (statutory days; 2027 notice pending)')
        ) AS r (first_day, last_day, kind, name)
        CROSS JOIN LATERAL generate_series(r.first_day::date, r.last_day::date, interval '1 day') AS d`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "calendar_day"`);
    await q.query(`DROP TABLE "business_calendar"`);
  }
}
