import type { DataSource, EntityManager } from "typeorm";
import { businessCalendar, type BusinessCalendar, type BusinessCalendarSpec } from "./business-calendar";

interface CalendarRow {
  code: string;
  time_zone: string;
  working_hours: BusinessCalendarSpec["week"];
  adjusted_working_day_hours: BusinessCalendarSpec["adjustedWorkingDayHours"];
  days_complete_through: string | null;
  holidays: string[];
  adjusted_working_days: string[];
}

/**
 * Reads a `business_calendar` row and its `calendar_day` rows (one statement) into a validated
 * calendar; null when there is no such code. Load a calendar once and keep the object: its month
 * tables are cached against it.
 */
export async function loadBusinessCalendar(db: DataSource | EntityManager, code: string): Promise<BusinessCalendar | null> {
  const rows: CalendarRow[] = await db.query(
    `SELECT bc.code, bc.time_zone, bc.working_hours, bc.adjusted_working_day_hours, bc.days_complete_through::text AS days_complete_through,
            COALESCE(array_agg(cd.day::text ORDER BY cd.day) FILTER (WHERE cd.kind = 'HOLIDAY'), '{}') AS holidays,
            COALESCE(array_agg(cd.day::text ORDER BY cd.day) FILTER (WHERE cd.kind = 'WORKING_DAY'), '{}') AS adjusted_working_days
       FROM business_calendar bc
       LEFT JOIN calendar_day cd ON cd.calendar_code = bc.code
      WHERE bc.code = $1
      GROUP BY bc.code`,
    [code],
  );
  const [row] = rows;
  if (!row) return null;
  return businessCalendar({
    code: row.code,
    timeZone: row.time_zone,
    week: row.working_hours,
    adjustedWorkingDayHours: row.adjusted_working_day_hours,
    holidays: row.holidays,
    adjustedWorkingDays: row.adjusted_working_days,
    daysCompleteThrough: row.days_complete_through,
  });
}
