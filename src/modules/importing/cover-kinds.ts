/**
 * The kinds of cover a policy may hold (Coverage.kind). The coverage table stores them as text;
 * this is the list an import accepts, and the demo seed's lines are typed by it so the two agree.
 * It belongs beside Coverage as an enum once the policy module takes it.
 */
export const COVER_KINDS = [
  "DEATH_BENEFIT", "TOTAL_PERMANENT_DISABILITY", "TERMINAL_ILLNESS_ADVANCE", "WAIVER_OF_PREMIUM", "SURVIVAL_BENEFIT",
  "INPATIENT", "OUTPATIENT", "SURGERY", "CANCER_TREATMENT", "DENTAL", "HOSPITAL_CASH",
  "MAJOR_CRITICAL_ILLNESS", "MINOR_CRITICAL_ILLNESS",
  "ACCIDENTAL_DEATH", "ACCIDENTAL_DISABILITY", "ACCIDENTAL_MEDICAL",
  "THIRD_PARTY_LIABILITY", "OWN_DAMAGE", "THEFT", "GLASS_BREAKAGE", "DRIVER_AND_PASSENGER",
  "BUILDING", "CONTENTS", "BURGLARY", "WATER_DAMAGE",
  "BODILY_INJURY", "PROPERTY_DAMAGE", "LEGAL_COSTS",
  "MEDICAL_EXPENSES", "EMERGENCY_MEDICAL", "TRIP_CANCELLATION", "BAGGAGE_LOSS", "TRAVEL_DELAY",
  "ANNUITY_PAYMENT",
] as const;

export type CoverKind = (typeof COVER_KINDS)[number];

export function isCoverKind(value: unknown): value is CoverKind {
  return typeof value === "string" && (COVER_KINDS as readonly string[]).includes(value);
}
