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

registerEnumType(SegmentField, { name: "SegmentField", description: "Customer attribute (or aggregate of related records) a segment condition tests." });
registerEnumType(SegmentOp, { name: "SegmentOp", description: "Comparison of a segment condition; which ones apply depends on the field's type." });

export type ValueType = "integer" | "number" | "enum" | "text" | "boolean" | "date";

export interface FieldSpec {
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
function counted(rows: string): FieldSpec {
  return { type: "integer", cast: "bigint", source: null, sql: `(SELECT count(*) FROM ${rows})::int`, rows };
}

const ACTIVE = `p.customer_id = c.id AND p.status = 'ACTIVE'`;
/** A customer attribute, as the policy table names it (its access is looked up there, never copied here). */
const customer = (field: string): string => `Customer.${field}`;

export const SEGMENT_FIELDS: Record<SegmentField, FieldSpec> = {
  AGE: {
    type: "integer", cast: "bigint", source: customer("dateOfBirth"), sql: `date_part('year', age(current_date, c.date_of_birth))::int`,
    // the age reached this calendar year: from the birth year, the part a masked date of birth shows
    visibleSql: `(date_part('year', current_date) - date_part('year', c.date_of_birth))::int`,
  },
  KIND: { type: "enum", cast: "varchar", source: customer("kind"), values: Object.values(CustomerKind), sql: `c.kind` },
  SERVICE_TIER: { type: "enum", cast: "varchar", source: customer("serviceTier"), values: Object.values(ServiceTier), sql: `c.service_tier` },
  REGION: { type: "text", cast: "varchar", source: customer("region"), sql: `c.region` },
  CITY: { type: "text", cast: "varchar", source: customer("city"), sql: `c.city` },
  OCCUPATION_CLASS: { type: "integer", cast: "bigint", source: customer("occupationClass"), sql: `c.occupation_class` },
  ANNUAL_INCOME: { type: "integer", cast: "bigint", source: customer("annualIncome"), sql: `c.annual_income` },
  DEPENDENTS: { type: "integer", cast: "bigint", source: customer("dependents"), sql: `c.dependents` },
  MARITAL_STATUS: { type: "enum", cast: "varchar", source: customer("maritalStatus"), values: Object.values(MaritalStatus), sql: `c.marital_status` },
  RISK_TIER: {
    type: "enum", cast: "varchar", source: null, derivedFrom: STORED_RATING_INPUTS, values: Object.values(RiskTier),
    sql: `(SELECT r.tier FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)`,
  },
  RISK_SCORE: {
    type: "integer", cast: "bigint", source: null, derivedFrom: STORED_RATING_INPUTS,
    sql: `(SELECT r.score FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)::int`,
  },
  ACTIVE_POLICY_COUNT: counted(`policy p WHERE ${ACTIVE}`),
  LAPSED_POLICY_COUNT: counted(`policy p WHERE p.customer_id = c.id AND p.status = 'LAPSED'`),
  HAS_PRODUCT_LINE: {
    type: "enum", cast: "varchar", source: null, values: Object.values(ProductLine), set: true,
    rows: `policy p JOIN product pr ON pr.code = p.product_code WHERE ${ACTIVE}`,
    sql: `ARRAY(SELECT DISTINCT pr.line FROM policy p JOIN product pr ON pr.code = p.product_code WHERE ${ACTIVE} ORDER BY 1)`,
  },
  TOTAL_ANNUAL_PREMIUM: {
    type: "integer", cast: "bigint", source: null,
    sql: `(SELECT coalesce(sum(p.premium * CASE p.premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END), 0)
            FROM policy p WHERE ${ACTIVE})::bigint`,
  },
  TOTAL_SUM_INSURED: { type: "integer", cast: "bigint", source: null, sql: `(SELECT coalesce(sum(p.sum_insured), 0) FROM policy p WHERE ${ACTIVE})::bigint` },
  DAYS_TO_NEXT_RENEWAL: {
    type: "integer", cast: "bigint", source: null,
    sql: `(SELECT min(p.renewal_date) - current_date FROM policy p WHERE ${ACTIVE} AND p.renewal_date >= current_date)`,
  },
  CLAIM_COUNT_12M: counted(`claim cl WHERE cl.customer_id = c.id AND cl.reported_at > now() - interval '12 months'`),
  OPEN_CLAIM_COUNT: counted(
    `claim cl WHERE cl.customer_id = c.id AND cl.status IN ('${ClaimStatus.REPORTED}', '${ClaimStatus.UNDER_REVIEW}', '${ClaimStatus.APPROVED}')`,
  ),
  COMPLAINT_COUNT_12M: counted(`complaint co WHERE co.customer_id = c.id AND co.received_at > now() - interval '12 months'`),
  AVG_SATISFACTION: {
    type: "number", cast: "float8", source: null,
    sql: `(SELECT round(avg(i.satisfaction), 2) FROM interaction i WHERE i.customer_id = c.id)::float8`,
  },
  DAYS_SINCE_LAST_INTERACTION: {
    type: "integer", cast: "bigint", source: null,
    sql: `(current_date - (SELECT max(i.occurred_at) FROM interaction i WHERE i.customer_id = c.id)::date)`,
  },
  PREFERRED_CHANNEL: { type: "enum", cast: "varchar", source: customer("preferredChannel"), values: Object.values(Channel), sql: `c.preferred_channel` },
  CONSENT_GRANTED: {
    type: "boolean", cast: "boolean", source: null, needsPurpose: true,
    // the decision in force: a refusal on any linked record of the person holds here too
    sql: `coalesce(${consentInForceSql("c.id", ":purpose")}, false)`,
  },
  CUSTOMER_SINCE: { type: "date", cast: "date", source: customer("createdAt"), sql: `c.created_at::date` },
};

export const CONSENT_PURPOSES: readonly string[] = Object.values(ConsentPurpose);

const ORDERED: readonly SegmentOp[] = [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.GT, SegmentOp.GTE, SegmentOp.LT, SegmentOp.LTE, SegmentOp.BETWEEN, SegmentOp.EXISTS];
const UNORDERED: readonly SegmentOp[] = [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.EXISTS];

/** Which comparisons a field's type supports. */
export function opsFor(spec: FieldSpec): readonly SegmentOp[] {
  if (spec.set) return [SegmentOp.EQ, SegmentOp.NEQ, SegmentOp.IN, SegmentOp.EXISTS];
  if (spec.type === "boolean") return [SegmentOp.EQ];
  return spec.type === "enum" || spec.type === "text" ? UNORDERED : ORDERED;
}
