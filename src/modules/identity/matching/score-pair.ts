import type { DerivedFrom } from "../../../auth/use-policy";
import { COMPARISONS, compareLevels, MISSING, type ComparisonName } from "./comparisons";
import type { MatchRecord } from "./match-record";
import { matchWeight, type MatchModel } from "./match-model";
import { prepareRecord, type PreparedRecord } from "./prepared-record";
import type { TermFrequencies } from "./term-frequencies";

/** One line of a score's explanation: levels and weights only, never a compared value. */
export interface ComparisonWeight {
  comparison: ComparisonName | "prior";
  level: string;
  weight: number;
}

export interface PairScore {
  /** log2 Bayes factor plus log2 prior odds. */
  weight: number;
  probability: number;
  comparisons: ComparisonWeight[];
}

/**
 * The fields a match score is computed from (STYLE 10): whoever may receive a score or its
 * explanation must be allowed to derive from all of them, though no value leaves in it.
 */
export const MATCH_SCORE_INPUTS: DerivedFrom = {
  inputs: ["Customer.fullName", "Customer.dateOfBirth", "Customer.nationalId", "Customer.gender", "Customer.phone", "Customer.email", "Customer.address", "Customer.city"],
};

export function scorePair(a: MatchRecord, b: MatchRecord, model: MatchModel, frequencies?: TermFrequencies): PairScore {
  return scorePrepared(prepareRecord(a), prepareRecord(b), model, frequencies);
}

/** u of an exact match on this very value: how often two random records share it. */
function exactValueU(comparison: ComparisonName, a: PreparedRecord, frequencies: TermFrequencies): number | null {
  if (comparison === "name" && a.name) return frequencies.nameFrequency(a.name.sorted);
  if (comparison === "dateOfBirth" && a.dateOfBirth) return frequencies.dateOfBirthFrequency(a.dateOfBirth);
  return null;
}

export function scorePrepared(a: PreparedRecord, b: PreparedRecord, model: MatchModel, frequencies?: TermFrequencies): PairScore {
  const levels = compareLevels(a, b);
  const prior = Math.log2(model.prior / (1 - model.prior));
  const comparisons: ComparisonWeight[] = [{ comparison: "prior", level: "PRIOR", weight: prior }];
  let total = prior;
  for (const comparison of COMPARISONS) {
    const level = levels[comparison];
    let weight = 0;
    if (level !== MISSING) {
      const { m, u } = model.comparisons[comparison][level];
      const valueU = level === "EXACT" && frequencies ? exactValueU(comparison, a, frequencies) : null;
      weight = matchWeight(m, valueU ?? u);
    }
    comparisons.push({ comparison, level, weight });
    total += weight;
  }
  return { weight: total, probability: 1 / (1 + 2 ** -total), comparisons };
}
