import { registerEnumType } from "type-graphql";
import type { DerivedFrom } from "../../auth/use-policy";
import { consentInForceSql } from "../../auth/row-scope";
import { STORED_RATING_INPUTS } from "../risk/risk-derived";
import { ClaimStatus } from "../claim/claim.entity";
import { ConsentPurpose } from "../consent/consent.entity";
import { Channel, CustomerKind, MaritalStatus, ServiceTier } from "../customer/customer.enums";
import { ProductLine, RiskTier } from "../product/product.entity";

/** Attributes a segment rule may test: each maps to one vetted SQL expression on customer `c`. */
export enum SegmentField {
  AGE = "AGE",
  KIND = "KIND",
  SERVICE_TIER = "SERVICE_TIER",
  REGION = "REGION",
  CITY = "CITY",
  OCCUPATION_CLASS = "OCCUPATION_CLASS",
  ANNUAL_INCOME = "ANNUAL_INCOME",
  DEPENDENTS = "DEPENDENTS",
  MARITAL_STATUS = "MARITAL_STATUS",
  RISK_TIER = "RISK_TIER",
  RISK_SCORE = "RISK_SCORE",
  ACTIVE_POLICY_COUNT = "ACTIVE_POLICY_COUNT",
  LAPSED_POLICY_COUNT = "LAPSED_POLICY_COUNT",
  HAS_PRODUCT_LINE = "HAS_PRODUCT_LINE",
  TOTAL_ANNUAL_PREMIUM = "TOTAL_ANNUAL_PREMIUM",
  TOTAL_SUM_INSURED = "TOTAL_SUM_INSURED",
  DAYS_TO_NEXT_RENEWAL = "DAYS_TO_NEXT_RENEWAL",
  CLAIM_COUNT_12M = "CLAIM_COUNT_12M",
  OPEN_CLAIM_COUNT = "OPEN_CLAIM_COUNT",
  COMPLAINT_COUNT_12M = "COMPLAINT_COUNT_12M",
  AVG_SATISFACTION = "AVG_SATISFACTION",
  DAYS_SINCE_LAST_INTERACTION = "DAYS_SINCE_LAST_INTERACTION",
  PREFERRED_CHANNEL = "PREFERRED_CHANNEL",
  CONSENT_GRANTED = "CONSENT_GRANTED",
  CUSTOMER_SINCE = "CUSTOMER_SINCE",
}

export enum SegmentOp {
  EQ = "EQ",
  NEQ = "NEQ",
  IN = "IN",
  GT = "GT",
  GTE = "GTE",
  LT = "LT",
  LTE = "LTE",
  BETWEEN = "BETWEEN",
  EXISTS = "EXISTS",
}

registerEnumType(SegmentOp, {
  name: "SegmentOp",
  description: "Comparison of a segment condition; which ones apply depends on the field's type.",
  valuesConfig: {
    EQ: { description: "Equals value; on HAS_PRODUCT_LINE: holds that line." },
    NEQ: { description: "Differs from value; on HAS_PRODUCT_LINE: does not hold that line." },
    IN: { description: "Equals one of value, a list of 1–100 values; on HAS_PRODUCT_LINE: holds any of them." },
    GT: { description: "Greater than value (numbers and dates only)." },
    GTE: { description: "Greater than or equal to value (numbers and dates only)." },
    LT: { description: "Less than value (numbers and dates only)." },
    LTE: { description: "Less than or equal to value (numbers and dates only)." },
    BETWEEN: { description: "Between value [low, high], both included, low ≤ high (numbers and dates only)." },
    EXISTS: { description: "value true (or none): the customer has a value (a count: at least one such record); false: none." },
  },
});

export type ValueType = "integer" | "number" | "enum" | "text" | "boolean" | "date";

export interface FieldSpec {
  /** What the field is, for the schema's SegmentField description (units, window). */
  description: string;
  type: ValueType;
  /** SQL expression of the customer's value, on alias `c`; contains no user input. */
  sql: string;
  /** Cast applied to parameters compared with the expression. */
  cast: "bigint" | "float8" | "varchar" | "boolean" | "date";
  /** Allowed values for enum fields. */
  values?: readonly string[];
  /**
   * The policy field ("Type.field" in src/auth/field-policy.ts) the value is computed from; its
   * access decides who may use the field in a rule and see its value in explanations. null: an
   * aggregate of public records.
   */
  source: string | null;
  /** The value computed from the visible part of a masked source only (for roles that see it masked). */
  visibleSql?: string;
  /** A stored value derived from several policy fields (the risk rating): used as that derived value may be. */
  derivedFrom?: DerivedFrom;
  /** Fields whose value is a set (HAS_PRODUCT_LINE): EQ/IN mean "holds any of", NEQ "holds none of". */
  set?: boolean;
  /** Fields that need a consent purpose (CONSENT_GRANTED): the `:purpose` placeholder. */
  needsPurpose?: boolean;
  /**
   * Counts and sets of related rows: the `FROM … WHERE …` of those rows, so that "at least one" /
   * "none" / "holds a line" compile to EXISTS, which PostgreSQL runs as a semi-join over the table.
   */
  rows?: string;
}

/** A count of related rows (the value) that also knows its rows (for EXISTS). */
function counted(description: string, rows: string): FieldSpec {
  return { description, type: "integer", cast: "bigint", source: null, sql: `(SELECT count(*) FROM ${rows})::int`, rows };
}

const ACTIVE = `p.customer_id = c.id AND p.status = 'ACTIVE'`;
/** A customer attribute, as the policy table names it (its access is looked up there, never copied here). */
const customer = (field: string): string => `Customer.${field}`;

export const SEGMENT_FIELDS: Record<SegmentField, FieldSpec> = {
  AGE: {
    description: "Age in whole years today, from the date of birth (for roles that see it masked: the age reached this calendar year).",
    type: "integer", cast: "bigint", source: customer("dateOfBirth"), sql: `date_part('year', age(current_date, c.date_of_birth))::int`,
    // the age reached this calendar year: from the birth year, the part a masked date of birth shows
    visibleSql: `(date_part('year', current_date) - date_part('year', c.date_of_birth))::int`,
  },
  KIND: { description: "Customer kind (CustomerKind).", type: "enum", cast: "varchar", source: customer("kind"), values: Object.values(CustomerKind), sql: `c.kind` },
  SERVICE_TIER: { description: "Service tier (ServiceTier).", type: "enum", cast: "varchar", source: customer("serviceTier"), values: Object.values(ServiceTier), sql: `c.service_tier` },
  REGION: { description: "The customer's province or region, as text.", type: "text", cast: "varchar", source: customer("region"), sql: `c.region` },
  CITY: { description: "City of the customer's address, as text.", type: "text", cast: "varchar", source: customer("city"), sql: `c.city` },
  OCCUPATION_CLASS: { description: "Occupational risk class, 1 (office) to 6 (hazardous).", type: "integer", cast: "bigint", source: customer("occupationClass"), sql: `c.occupation_class` },
  ANNUAL_INCOME: { description: "Annual income in minor currency units (fen); banded or consent-bound for some roles.", type: "integer", cast: "bigint", source: customer("annualIncome"), sql: `c.annual_income` },
  DEPENDENTS: { description: "Number of dependents.", type: "integer", cast: "bigint", source: customer("dependents"), sql: `c.dependents` },
  MARITAL_STATUS: { description: "Marital status (MaritalStatus).", type: "enum", cast: "varchar", source: customer("maritalStatus"), values: Object.values(MaritalStatus), sql: `c.marital_status` },
  RISK_TIER: {
    description: "Tier of the latest risk assessment (RiskTier).",
    type: "enum", cast: "varchar", source: null, derivedFrom: STORED_RATING_INPUTS, values: Object.values(RiskTier),
    sql: `(SELECT r.tier FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)`,
  },
  RISK_SCORE: {
    description: "Score of the latest risk assessment, 0–100.",
    type: "integer", cast: "bigint", source: null, derivedFrom: STORED_RATING_INPUTS,
    sql: `(SELECT r.score FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)::int`,
  },
  ACTIVE_POLICY_COUNT: counted("Number of ACTIVE policies.", `policy p WHERE ${ACTIVE}`),
  LAPSED_POLICY_COUNT: counted("Number of LAPSED policies.", `policy p WHERE p.customer_id = c.id AND p.status = 'LAPSED'`),
  HAS_PRODUCT_LINE: {
    description: "The product lines (ProductLine) of the customer's ACTIVE policies: a set.",
    type: "enum", cast: "varchar", source: null, values: Object.values(ProductLine), set: true,
    rows: `policy p JOIN product pr ON pr.code = p.product_code WHERE ${ACTIVE}`,
    sql: `ARRAY(SELECT DISTINCT pr.line FROM policy p JOIN product pr ON pr.code = p.product_code WHERE ${ACTIVE} ORDER BY 1)`,
  },
  TOTAL_ANNUAL_PREMIUM: {
    description: "Sum of the annual premiums of ACTIVE policies in minor currency units (monthly × 12, quarterly × 4, annual and single × 1).",
    type: "integer", cast: "bigint", source: null,
    sql: `(SELECT coalesce(sum(p.premium * CASE p.premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END), 0)
            FROM policy p WHERE ${ACTIVE})::bigint`,
  },
  TOTAL_SUM_INSURED: { description: "Sum insured of all ACTIVE policies, in minor currency units.", type: "integer", cast: "bigint", source: null, sql: `(SELECT coalesce(sum(p.sum_insured), 0) FROM policy p WHERE ${ACTIVE})::bigint` },
  DAYS_TO_NEXT_RENEWAL: {
    description: "Days from today to the earliest renewal date (today or later) of an ACTIVE policy.",
    type: "integer", cast: "bigint", source: null,
    sql: `(SELECT min(p.renewal_date) - current_date FROM policy p WHERE ${ACTIVE} AND p.renewal_date >= current_date)`,
  },
  CLAIM_COUNT_12M: counted("Number of claims reported in the last 12 months.", `claim cl WHERE cl.customer_id = c.id AND cl.reported_at > now() - interval '12 months'`),
  OPEN_CLAIM_COUNT: counted("Number of open claims (REPORTED, UNDER_REVIEW or APPROVED).", 
    `claim cl WHERE cl.customer_id = c.id AND cl.status IN ('${ClaimStatus.REPORTED}', '${ClaimStatus.UNDER_REVIEW}', '${ClaimStatus.APPROVED}')`,
  ),
  COMPLAINT_COUNT_12M: counted("Number of complaints received in the last 12 months.", `complaint co WHERE co.customer_id = c.id AND co.received_at > now() - interval '12 months'`),
  AVG_SATISFACTION: {
    description: "Average satisfaction (1 poor to 5 excellent) of the customer's rated contacts, rounded to 2 decimals.",
    type: "number", cast: "float8", source: null,
    sql: `(SELECT round(avg(i.satisfaction), 2) FROM interaction i WHERE i.customer_id = c.id)::float8`,
  },
  DAYS_SINCE_LAST_INTERACTION: {
    description: "Days since the customer's last contact (any channel).",
    type: "integer", cast: "bigint", source: null,
    sql: `(current_date - (SELECT max(i.occurred_at) FROM interaction i WHERE i.customer_id = c.id)::date)`,
  },
  PREFERRED_CHANNEL: { description: "Preferred channel (Channel).", type: "enum", cast: "varchar", source: customer("preferredChannel"), values: Object.values(Channel), sql: `c.preferred_channel` },
  CONSENT_GRANTED: {
    description: "Whether the consent decision in force for the condition's purpose is a grant (true) or not (false); needs purpose.",
    type: "boolean", cast: "boolean", source: null, needsPurpose: true,
    // the decision in force: a refusal on any linked record of the person holds here too
    sql: `coalesce(${consentInForceSql("c.id", ":purpose")}, false)`,
  },
  CUSTOMER_SINCE: { description: "The date the customer was recorded.", type: "date", cast: "date", source: customer("createdAt"), sql: `c.created_at::date` },
};

registerEnumType(SegmentField, {
  name: "SegmentField",
  description: "Customer attribute (or aggregate of related records) a segment condition tests.",
  valuesConfig: Object.fromEntries(Object.entries(SEGMENT_FIELDS).map(([field, spec]) => [field, { description: spec.description }])),
});

export const CONSENT_PURPOSES: readonly string[] = Object.values(ConsentPurpose);

const ORDERED: readonly SegmentOp[] = [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.GT, SegmentOp.GTE, SegmentOp.LT, SegmentOp.LTE, SegmentOp.BETWEEN, SegmentOp.EXISTS];
const UNORDERED: readonly SegmentOp[] = [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.EXISTS];

/** Which comparisons a field's type supports. */
export function opsFor(spec: FieldSpec): readonly SegmentOp[] {
  if (spec.set) return [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.EXISTS];
  if (spec.type === "boolean") return [SegmentOp.EQ];
  return spec.type === "enum" || spec.type === "text" ? UNORDERED : ORDERED;
}
