import { ProductLine } from "../modules/product/product.entity";
import type { CoverKind } from "../modules/importing/cover-kinds";

/** A cover within a policy of a line: its share of the sum insured and its deductible in yuan. */
export interface CoverageKind {
  kind: string;
  limitShare: number;
  deductibleYuan: number;
}

/** A kind of loss under a line, with the usual claimed amount as a share range of the sum insured. */
export interface ClaimKind {
  kind: string;
  weight: number;
  share: readonly [number, number];
  /** Only under enterprise or group policies (an insured employee or member). */
  organisationOnly?: boolean;
  description: string;
}

export interface LineProfile {
  /** The first cover is the main one (limit = sum insured); the others are optional riders. */
  coverages: readonly CoverageKind[];
  claimKinds: readonly ClaimKind[];
  /** Share of in-force policies of this line that see a claim. */
  claimRate: number;
}

const cover = (kind: CoverKind, limitShare: number, deductibleYuan = 0): CoverageKind => ({ kind, limitShare, deductibleYuan });
const loss = (kind: string, weight: number, share: readonly [number, number], description: string, organisationOnly = false): ClaimKind => ({
  kind,
  weight,
  share,
  description,
  organisationOnly,
});

export const LINE_PROFILES: Record<ProductLine, LineProfile> = {
  [ProductLine.LIFE]: {
    coverages: [cover("DEATH_BENEFIT", 1), cover("TOTAL_PERMANENT_DISABILITY", 1), cover("TERMINAL_ILLNESS_ADVANCE", 0.5), cover("WAIVER_OF_PREMIUM", 0.1)],
    claimKinds: [
      loss("TOTAL_PERMANENT_DISABILITY", 2, [1, 1], "Total and permanent disability after a stroke; medical board assessment attached."),
      loss("TERMINAL_ILLNESS", 1, [0.5, 0.5], "Terminal illness advance: oncologist confirms life expectancy under 12 months."),
      loss("DEATH", 4, [0.02, 0.1], "Death of an insured employee; death certificate and beneficiary details attached.", true),
    ],
    claimRate: 0.05,
  },
  [ProductLine.HEALTH]: {
    coverages: [cover("INPATIENT", 1, 10_000), cover("OUTPATIENT", 0.02, 500), cover("SURGERY", 0.5), cover("CANCER_TREATMENT", 1), cover("DENTAL", 0.005, 200)],
    claimKinds: [
      loss("HOSPITALIZATION", 5, [0.005, 0.04], "Admitted for pneumonia, 5 nights in a general ward; itemized bill attached."),
      loss("SURGERY", 2, [0.01, 0.06], "Laparoscopic appendectomy with 3 nights' stay; operation record attached."),
      loss("OUTPATIENT", 4, [0.0005, 0.004], "Outpatient visits and diagnostic imaging for lower back pain."),
      loss("CANCER_TREATMENT", 1, [0.03, 0.15], "Chemotherapy course for diagnosed breast cancer, 6 cycles."),
    ],
    claimRate: 0.4,
  },
  [ProductLine.CRITICAL_ILLNESS]: {
    coverages: [cover("MAJOR_CRITICAL_ILLNESS", 1), cover("MINOR_CRITICAL_ILLNESS", 0.3), cover("HOSPITAL_CASH", 0.02)],
    claimKinds: [
      loss("CRITICAL_ILLNESS_DIAGNOSIS", 3, [1, 1], "Diagnosis of malignant tumour confirmed by pathology report."),
      loss("MINOR_CRITICAL_ILLNESS", 2, [0.3, 0.3], "Early-stage thyroid cancer diagnosis; minor illness benefit claimed."),
    ],
    claimRate: 0.08,
  },
  [ProductLine.ACCIDENT]: {
    coverages: [cover("ACCIDENTAL_DEATH", 1), cover("ACCIDENTAL_DISABILITY", 1), cover("ACCIDENTAL_MEDICAL", 0.1, 100)],
    claimKinds: [
      loss("ACCIDENTAL_INJURY", 6, [0.005, 0.05], "Fractured wrist after a fall on a wet staircase; X-ray and receipts attached."),
      loss("ACCIDENTAL_DISABILITY", 1, [0.1, 0.5], "Partial loss of use of the left hand after a workshop accident; disability grade 8."),
    ],
    claimRate: 0.16,
  },
  [ProductLine.AUTO]: {
    coverages: [cover("THIRD_PARTY_LIABILITY", 1), cover("OWN_DAMAGE", 0.15, 1_000), cover("THEFT", 0.15), cover("GLASS_BREAKAGE", 0.01), cover("DRIVER_AND_PASSENGER", 0.05)],
    claimKinds: [
      loss("COLLISION", 6, [0.003, 0.03], "Rear-end collision at a traffic light; police report and repair estimate attached."),
      loss("GLASS_BREAKAGE", 3, [0.0005, 0.002], "Windscreen cracked by a stone on the expressway."),
      loss("THEFT", 1, [0.05, 0.12], "Vehicle stolen from a residential car park; police case number attached."),
      loss("THIRD_PARTY_LIABILITY", 2, [0.005, 0.05], "Pedestrian injured while the insured vehicle was reversing; hospital bills attached."),
    ],
    claimRate: 0.4,
  },
  [ProductLine.PROPERTY]: {
    coverages: [cover("BUILDING", 1, 1_000), cover("CONTENTS", 0.3, 500), cover("BURGLARY", 0.1), cover("WATER_DAMAGE", 0.05, 500)],
    claimKinds: [
      loss("WATER_DAMAGE", 5, [0.002, 0.01], "Burst pipe in the kitchen flooded the flat below; repair quotes attached."),
      loss("FIRE", 1, [0.02, 0.2], "Electrical fire in the storage room; fire brigade report attached."),
      loss("BURGLARY", 2, [0.002, 0.02], "Break-in while the family was away; police report and list of stolen items."),
      loss("TYPHOON", 2, [0.005, 0.03], "Typhoon damage to windows and the roof."),
    ],
    claimRate: 0.15,
  },
  [ProductLine.LIABILITY]: {
    coverages: [cover("BODILY_INJURY", 1), cover("PROPERTY_DAMAGE", 0.5, 1_000), cover("LEGAL_COSTS", 0.1), cover("MEDICAL_EXPENSES", 0.05)],
    claimKinds: [
      loss("BODILY_INJURY", 3, [0.002, 0.03], "Third party injured on the insured's premises; medical report and claim letter attached."),
      loss("PROPERTY_DAMAGE", 3, [0.001, 0.01], "Damage to a neighbour's property caused by the insured; assessor's report attached."),
      loss("WORK_INJURY", 4, [0.005, 0.04], "Employee injured by machinery on the production line; work-injury certificate attached.", true),
    ],
    claimRate: 0.2,
  },
  [ProductLine.TRAVEL]: {
    coverages: [cover("EMERGENCY_MEDICAL", 1, 500), cover("TRIP_CANCELLATION", 0.05), cover("BAGGAGE_LOSS", 0.01), cover("TRAVEL_DELAY", 0.002)],
    claimKinds: [
      loss("MEDICAL_EMERGENCY", 2, [0.005, 0.05], "Treated abroad for acute gastroenteritis; hospital invoice in English attached."),
      loss("TRIP_CANCELLATION", 2, [0.005, 0.03], "Trip cancelled after a family member's hospitalization."),
      loss("BAGGAGE_LOSS", 2, [0.001, 0.005], "Checked baggage lost by the airline; property irregularity report attached."),
      loss("TRAVEL_DELAY", 3, [0.0003, 0.001], "Flight delayed by 9 hours due to weather."),
    ],
    claimRate: 0.12,
  },
  [ProductLine.ANNUITY]: {
    coverages: [cover("ANNUITY_PAYMENT", 1), cover("DEATH_BENEFIT", 1), cover("SURVIVAL_BENEFIT", 0.2)],
    claimKinds: [],
    claimRate: 0,
  },
};
