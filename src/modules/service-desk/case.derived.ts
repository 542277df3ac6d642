import { derived } from "../../db/derived-values";
import type { RequestContext } from "../../auth/request-context";
import { CASE_CLOCK_COLUMNS, caseClock, readCaseClock, slaCalendar } from "./case-sla";
import { SlaReading } from "./case.types";
import { SlaMilestone } from "./sla-policy";
import { ServiceCase } from "./service-case.entity";

/** A milestone's clock read now, from the case row alone (and the process's calendar). */
async function readingOf(ctx: RequestContext, row: ServiceCase, milestone: SlaMilestone): Promise<SlaReading> {
  const calendar = await slaCalendar(ctx.reader);
  const { target } = caseClock(row, milestone, calendar);
  return Object.assign(new SlaReading(), { milestone, measure: target.measure, targetMs: target.durationMs, ...readCaseClock(row, milestone, calendar, new Date()) });
}

/** The case's SLA readings: computed from its channel, priority, times and pauses (all PUBLIC facts of the case). */
export const CASE_DERIVED = [
  derived<ServiceCase>({
    on: () => ServiceCase,
    field: "firstResponseSla",
    face: { type: () => SlaReading, description: "The first-response clock (24 clock hours by default; sooner for urgent live voice)." },
    resolve: (ctx, row) => readingOf(ctx, row, SlaMilestone.FIRST_RESPONSE),
    reads: CASE_CLOCK_COLUMNS,
  }),
  derived<ServiceCase>({
    on: () => ServiceCase,
    field: "resolutionSla",
    face: { type: () => SlaReading, description: "The resolution clock (business hours on the business calendar)." },
    resolve: (ctx, row) => readingOf(ctx, row, SlaMilestone.RESOLUTION),
    reads: CASE_CLOCK_COLUMNS,
  }),
];
