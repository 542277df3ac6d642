import type { EntityManager } from "typeorm";
import { createHash } from "node:crypto";
import { Segment } from "../modules/segment/segment.entity";
import { parseRule } from "../modules/segment/segment-rule";
import { staffIdFor } from "../modules/staff/staff-id";
import { insertRows } from "../db/bulk-insert";

const cond = (field: string, op: string, value?: unknown, purpose?: string) => ({ condition: { field, op, value, purpose } });
const reachableByMarketing = cond("CONSENT_GRANTED", "EQ", true, "MARKETING");

/** Segments marketing and service managers use in insurance (guidance: kind, tier, life cycle, risk, value). */
export const SEEDED_SEGMENTS: { name: string; description: string; rule: unknown }[] = [
  {
    name: "Young families without life cover",
    description: "Married, with dependents, no life policy in force, who accept marketing (no age test: marketing may not use the date of birth).",
    rule: { all: [cond("MARITAL_STATUS", "EQ", "MARRIED"), cond("DEPENDENTS", "GTE", 1), { not: cond("HAS_PRODUCT_LINE", "EQ", "LIFE") }, reachableByMarketing] },
  },
  {
    name: "Premium customers with a recent complaint",
    description: "VIP service tier and a complaint in the last 12 months: call them back personally.",
    rule: { all: [cond("SERVICE_TIER", "EQ", "PREMIUM"), cond("COMPLAINT_COUNT_12M", "GTE", 1)] },
  },
  {
    name: "High-risk customers renewing within 60 days",
    description: "Current risk tier HIGH or CRITICAL with a renewal due in the next 60 days: review before renewing.",
    rule: { all: [cond("RISK_TIER", "IN", ["HIGH", "CRITICAL"]), cond("DAYS_TO_NEXT_RENEWAL", "BETWEEN", [0, 60])] },
  },
  {
    name: "Lapsed policyholders reachable by marketing",
    description: "A lapsed policy, nothing in force, marketing consent granted: win-back campaign.",
    rule: { all: [cond("LAPSED_POLICY_COUNT", "GTE", 1), cond("ACTIVE_POLICY_COUNT", "EQ", 0), reachableByMarketing] },
  },
  {
    name: "Enterprise and group clients with open claims",
    description: "Organisations with a claim in progress: keep the account manager informed.",
    rule: { all: [cond("KIND", "IN", ["ENTERPRISE", "GROUP"]), cond("OPEN_CLAIM_COUNT", "GTE", 1)] },
  },
  {
    name: "Dissatisfied recent contacts",
    description: "Average satisfaction below 3 and in contact within the last 180 days (satisfaction index target 85).",
    rule: { all: [cond("AVG_SATISFACTION", "LT", 3), cond("DAYS_SINCE_LAST_INTERACTION", "LTE", 180)] },
  },
  {
    name: "Pre-retirees without an annuity",
    description: "Aged 50–60 this year, income of ¥300,000 or more (a band boundary), no annuity in force: for agents (income banded, age by birth year).",
    rule: { all: [cond("AGE", "BETWEEN", [50, 60]), cond("ANNUAL_INCOME", "GTE", 30_000_000), { not: cond("HAS_PRODUCT_LINE", "EQ", "ANNUITY") }] },
  },
  {
    name: "Dormant customers",
    description: "No contact for over a year (or never).",
    rule: { any: [cond("DAYS_SINCE_LAST_INTERACTION", "GT", 365), cond("DAYS_SINCE_LAST_INTERACTION", "EXISTS", false)] },
  },
];

/** Name-based id, so that the same seed always gives the same segment rows. */
function segmentIdFor(name: string): string {
  const hex = createHash("sha1").update(`customer360:segment:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function seedSegments(manager: EntityManager, now: Date): Promise<number> {
  const rows = SEEDED_SEGMENTS.map((segment) => ({
    id: segmentIdFor(segment.name),
    name: segment.name,
    description: segment.description,
    rule: parseRule(segment.rule),
    createdBy: staffIdFor("admin"),
    createdAt: now,
    updatedAt: now,
  }));
  return insertRows(manager, Segment, rows, { skipExisting: true });
}
