import { Role } from "../auth/role";
import { INCOME_BAND_BOUNDARIES_MINOR } from "../auth/masking";
import { releasedRatingSql } from "./floor-risk";

/**
 * The floor's hand-written statement for `offers(first: N)` as MARKETING: the recommendation
 * engine (src/modules/recommendation) re-expressed in one SQL statement — facts per customer,
 * eligibility, sizing, premium, affordability, points and reasons per product, the best product
 * per customer. The rule tables are transcribed from recommendation-rules.ts; the two seeded
 * segments whose names target a product line are hand-written predicates (see docs/performance.md).
 * $1 marketing staff id, $2 page size.
 */

/**
 * As MARKETING may use the facts (src/modules/recommendation/recommendation-inputs.ts and
 * src/modules/risk/risk-derived.ts): no date of birth (age limits left to be confirmed, no child
 * ages), income by the floor of its band, the risk tier recomputed from the factors MARKETING may
 * receive when any is withheld.
 */
const BAND_FLOOR = (income: string) =>
  `(SELECT max(b) FROM unnest(ARRAY[${INCOME_BAND_BOUNDARIES_MINOR.join(", ")}]::bigint[]) b WHERE b <= ${income})`;
/** The tier MARKETING receives (no consent-bound factor is released to it: SENSITIVE_DATA is not asked). */
const MARKETING_RATING = releasedRatingSql(Role.MARKETING, "ra", "false");

const VALUES = (rows: (string | number)[][]) =>
  `VALUES ${rows.map((row) => `(${row.map((v) => (typeof v === "number" ? String(v) : `'${v}'`)).join(", ")})`).join(", ")}`;

const STAGE_NEEDS = VALUES([
  ["MINOR", "HEALTH", 20], ["MINOR", "ACCIDENT", 20],
  ["YOUNG_SINGLE", "ACCIDENT", 20], ["YOUNG_SINGLE", "HEALTH", 20], ["YOUNG_SINGLE", "CRITICAL_ILLNESS", 15], ["YOUNG_SINGLE", "TRAVEL", 10],
  ["YOUNG_FAMILY", "LIFE", 30], ["YOUNG_FAMILY", "HEALTH", 20], ["YOUNG_FAMILY", "CRITICAL_ILLNESS", 15], ["YOUNG_FAMILY", "ACCIDENT", 10], ["YOUNG_FAMILY", "ANNUITY", 10],
  ["ESTABLISHED_FAMILY", "LIFE", 20], ["ESTABLISHED_FAMILY", "CRITICAL_ILLNESS", 20], ["ESTABLISHED_FAMILY", "HEALTH", 15], ["ESTABLISHED_FAMILY", "ANNUITY", 15], ["ESTABLISHED_FAMILY", "PROPERTY", 10],
  ["PRE_RETIREMENT", "ANNUITY", 30], ["PRE_RETIREMENT", "CRITICAL_ILLNESS", 25], ["PRE_RETIREMENT", "HEALTH", 20],
  ["RETIRED", "HEALTH", 30], ["RETIRED", "CRITICAL_ILLNESS", 25], ["RETIRED", "ANNUITY", 20], ["RETIRED", "TRAVEL", 5],
  ["ORGANISATION", "LIABILITY", 20], ["ORGANISATION", "HEALTH", 15], ["ORGANISATION", "ACCIDENT", 15], ["ORGANISATION", "LIFE", 10], ["ORGANISATION", "PROPERTY", 10], ["ORGANISATION", "AUTO", 5],
]);
const STAGE_LABELS = VALUES([
  ["MINOR", "a minor"], ["YOUNG_SINGLE", "a young single adult"], ["YOUNG_FAMILY", "a young family with dependents"],
  ["ESTABLISHED_FAMILY", "an established family"], ["PRE_RETIREMENT", "approaching retirement"], ["RETIRED", "retired"], ["ORGANISATION", "an organisation"],
]);
const PREFERENCE_FIT = VALUES([
  ["CONSERVATIVE", "ANNUITY", 20], ["CONSERVATIVE", "LIFE", 5], ["CONSERVATIVE", "HEALTH", 5],
  ["BALANCED", "CRITICAL_ILLNESS", 5], ["AGGRESSIVE", "ACCIDENT", 5], ["AGGRESSIVE", "TRAVEL", 5], ["AGGRESSIVE", "ANNUITY", -10],
]);
const BASE_SUMS = VALUES([
  ["LIFE", 50_000_000], ["HEALTH", 200_000_000], ["CRITICAL_ILLNESS", 30_000_000], ["ACCIDENT", 30_000_000], ["AUTO", 100_000_000],
  ["PROPERTY", 50_000_000], ["LIABILITY", 50_000_000], ["TRAVEL", 30_000_000], ["ANNUITY", 20_000_000],
]);

/** The engine's ageAt: whole years at today's UTC date. */
const ageAt = (dob: string) => `(extract(year FROM (now() AT TIME ZONE 'UTC')::date)::int - extract(year FROM ${dob})::int
  - CASE WHEN (extract(month FROM (now() AT TIME ZONE 'UTC')::date), extract(day FROM (now() AT TIME ZONE 'UTC')::date))
            < (extract(month FROM ${dob}), extract(day FROM ${dob})) THEN 1 ELSE 0 END)`;
const HOLDS_LINE = (line: string) => `EXISTS (SELECT 1 FROM policy p JOIN product pr ON pr.code = p.product_code
  WHERE p.customer_id = c.id AND p.status = 'ACTIVE' AND pr.line = '${line}')`;
const reason = (code: string, message: string) => `jsonb_build_object('code', ${code}, 'message', ${message})`;
const cursor = (row: string) =>
  `rtrim(translate(encode(convert_to('["' || ${row}.customer_number || '","' || ${row}.id || '"]', 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

export const OFFERS_SQL = `
WITH viewer AS (SELECT id FROM staff_user WHERE id = $1 AND active AND role = 'MARKETING'),
scanned AS (
  SELECT c.* FROM customer c
  WHERE EXISTS (SELECT 1 FROM viewer) AND c.erased_at IS NULL
    AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'MARKETING'
         ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE
    AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'PROFILING'
         ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS NOT FALSE
  ORDER BY c.customer_number, c.id LIMIT $2 + 1),
page AS (SELECT * FROM scanned ORDER BY customer_number, id LIMIT $2),
popularity AS (SELECT product_code, count(*)::int AS holders FROM policy WHERE status = 'ACTIVE' GROUP BY product_code),
facts AS MATERIALIZED (
  SELECT c.*, NULL::int AS age, c.kind = 'INDIVIDUAL' AS age_withheld, ${BAND_FLOOR("c.annual_income")} AS band_income,
    coalesce(h.has_spouse, false) AS has_spouse, '{}'::int[] AS child_ages,
    ARRAY(SELECT DISTINCT pr.line FROM policy p JOIN product pr ON pr.code = p.product_code
          WHERE p.customer_id = c.id AND p.status = 'ACTIVE') AS held_lines,
    (SELECT coalesce(sum(p.sum_insured), 0) FROM policy p JOIN product pr ON pr.code = p.product_code
      WHERE p.customer_id = c.id AND p.status = 'ACTIVE' AND pr.line = 'LIFE') AS life_cover,
    CASE WHEN ra.tier IS NULL THEN NULL ELSE ${MARKETING_RATING.tier} END AS risk_tier,
    (SELECT count(*) FROM claim cl WHERE cl.customer_id = c.id AND cl.reported_at > now() - interval '365 days')::int AS recent_claims,
    ARRAY(SELECT o.product_code FROM offer_response o WHERE o.customer_id = c.id AND o.response = 'DECLINED'
          AND o.responded_at > now() - interval '90 days') AS declined,
    EXISTS (SELECT 1 FROM complaint co WHERE co.customer_id = c.id AND co.status IN ('RECEIVED', 'INVESTIGATING', 'ESCALATED')
            AND co.received_at > now() - interval '30 days') AS open_complaint,
    EXISTS (SELECT 1 FROM interaction i WHERE i.customer_id = c.id AND i.occurred_at > now() - interval '60 days'
            AND i.subject ~* '\\m(travel|trip|abroad|overseas|visa|holiday|vacation|flight|journey)\\M') AS travelling,
    coalesce(k.profiling_withdrawn, false) AS profiling_withdrawn, k.marketing_channel,
    coalesce(c.marital_status = 'MARRIED' AND c.dependents >= 1 AND NOT ${HOLDS_LINE("LIFE")}, false) AS in_young_families,
    -- the pre-retiree segment tests the date of birth, which marketing may not use: never evaluated for it
    false AS in_pre_retirees
  FROM page c
  LEFT JOIN LATERAL (SELECT r.tier, r.score, r.factors FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1) ra ON true
  ${MARKETING_RATING.join}
  LEFT JOIN LATERAL (
    SELECT bool_or(r.kind = 'SPOUSE') AS has_spouse,
      array_remove(array_agg(CASE WHEN r.kind = 'CHILD' AND m.date_of_birth IS NOT NULL THEN ${ageAt("m.date_of_birth")} END), NULL) AS child_ages
    FROM relationship r JOIN customer m ON m.id = r.related_customer_id
    WHERE r.customer_id = c.id AND r.kind IN ('SPOUSE', 'CHILD')) h ON true
  LEFT JOIN LATERAL (
    SELECT bool_or(d.purpose = 'PROFILING' AND NOT d.granted) AS profiling_withdrawn,
      max(d.channel) FILTER (WHERE d.purpose = 'MARKETING' AND d.granted) AS marketing_channel
    FROM (SELECT DISTINCT ON (purpose) purpose, granted, channel FROM consent WHERE customer_id = c.id
          ORDER BY purpose, recorded_at DESC, id DESC) d) k ON true),
staged AS (
  SELECT f.*, NOT f.profiling_withdrawn AS personalized,
    (f.dependents > 0 OR cardinality(f.child_ages) > 0) AS has_dependents,
    CASE WHEN f.kind <> 'INDIVIDUAL' THEN 'ORGANISATION' WHEN f.age IS NULL THEN NULL
         WHEN f.age < 18 THEN 'MINOR' WHEN f.age >= 65 THEN 'RETIRED' WHEN f.age >= 55 THEN 'PRE_RETIREMENT'
         WHEN f.age < 45 AND (f.dependents > 0 OR cardinality(f.child_ages) > 0) THEN 'YOUNG_FAMILY'
         WHEN f.age < 35 AND NOT (f.has_spouse OR f.marital_status IS NOT DISTINCT FROM 'MARRIED') THEN 'YOUNG_SINGLE'
         ELSE 'ESTABLISHED_FAMILY' END AS stage,
    CASE WHEN NOT (f.dependents > 0 OR cardinality(f.child_ages) > 0) OR f.band_income IS NULL OR f.band_income <= 0 THEN 0
         ELSE greatest(0, 5 * f.band_income - f.life_cover) END AS life_gap
  FROM facts f),
candidates AS (
  SELECT s.*, pr.code, pr.name, pr.line, pr.min_age, pr.max_age, pr.base_premium, pr.currency AS product_currency,
    pr.target_tiers, b.base::bigint * CASE WHEN s.kind <> 'INDIVIDUAL' THEN 10 ELSE 1 END AS base_sum
  FROM staged s CROSS JOIN product pr JOIN (${BASE_SUMS}) b(line, base) ON b.line = pr.line
  WHERE pr.active AND s.kind = ANY(pr.customer_kinds)
    AND CASE WHEN pr.max_age IS NOT NULL AND pr.max_age < 18
               THEN EXISTS (SELECT 1 FROM unnest(s.child_ages) a WHERE a >= coalesce(pr.min_age, 0) AND a <= pr.max_age)
             WHEN s.kind = 'INDIVIDUAL' AND (pr.min_age IS NOT NULL OR pr.max_age IS NOT NULL)
               THEN (s.age IS NULL AND s.age_withheld) OR (s.age IS NOT NULL AND s.age >= coalesce(pr.min_age, s.age) AND s.age <= coalesce(pr.max_age, s.age))
             ELSE TRUE END
    AND NOT (pr.line = ANY(s.held_lines) AND NOT (s.personalized AND pr.line = 'LIFE' AND s.life_gap > 0))
    AND coalesce(array_position(ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], s.risk_tier::text)
                 <= array_position(ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], pr.max_risk_tier::text), true)
    AND NOT pr.code = ANY(s.declined) AND NOT s.open_complaint),
sized AS (
  SELECT c.*, least(greatest(c.base_sum, ceil((CASE WHEN c.kind = 'INDIVIDUAL' AND c.line = 'LIFE' AND c.life_gap > 0
                                                    THEN c.life_gap ELSE c.base_sum END)::float8 / 1000000) * 1000000), c.base_sum * 10)::bigint AS sum_insured
  FROM candidates c),
priced AS (
  SELECT s.*, CASE WHEN NOT s.personalized THEN s.base_premium ELSE (floor(((((s.base_premium::float8 * (s.sum_insured::float8 / s.base_sum::float8))
      * CASE s.risk_tier WHEN 'MEDIUM' THEN 1.1::float8 WHEN 'HIGH' THEN 1.3::float8 WHEN 'CRITICAL' THEN 1.6::float8 ELSE 1::float8 END)
      * (1::float8 + least(0.25::float8, 0.05::float8 * s.recent_claims))) / 100) + 0.5) * 100)::bigint END AS premium
  FROM sized s),
pointed AS (
  SELECT p.*, coalesce(n.points, 0) AS stage_points, coalesce(fit.points, 0) AS fit_points,
    CASE WHEN p.line = 'LIFE' AND p.has_dependents AND NOT 'LIFE' = ANY(p.held_lines) THEN 40 ELSE 0 END AS dependents_points,
    CASE WHEN p.line = 'LIFE' AND 'LIFE' = ANY(p.held_lines) AND p.life_gap > 0 THEN 25 ELSE 0 END AS gap_points,
    CASE WHEN p.line = 'PROPERTY' AND p.kind = 'INDIVIDUAL' AND p.age BETWEEN 28 AND 55
          AND (p.has_dependents OR p.has_spouse OR p.marital_status IS NOT DISTINCT FROM 'MARRIED') THEN 30 ELSE 0 END AS property_points,
    CASE WHEN p.line = 'TRAVEL' AND p.travelling THEN 35 ELSE 0 END AS travel_points,
    CASE WHEN p.max_age IS NOT NULL AND p.max_age < 18 THEN 25 ELSE 0 END AS child_points,
    CASE WHEN cardinality(p.target_tiers) = 0 THEN 0 WHEN p.service_tier = ANY(p.target_tiers)
         THEN CASE WHEN p.service_tier = 'PREMIUM' THEN 15 ELSE 10 END ELSE -15 END AS tier_points,
    CASE WHEN (p.line = 'LIFE' AND p.in_young_families) OR (p.line = 'ANNUITY' AND p.in_pre_retirees) THEN 10 ELSE 0 END AS segment_points,
    l.label
  FROM priced p
  LEFT JOIN (${STAGE_NEEDS}) n(stage, line, points) ON n.stage = p.stage AND n.line = p.line
  LEFT JOIN (${PREFERENCE_FIT}) fit(preference, line, points) ON fit.preference = p.risk_preference AND fit.line = p.line
  LEFT JOIN (${STAGE_LABELS}) l(stage, label) ON l.stage = p.stage
  WHERE NOT p.personalized OR p.band_income IS NULL OR p.band_income <= 0
     OR p.premium::float8 <= CASE p.risk_preference WHEN 'CONSERVATIVE' THEN 0.05::float8 WHEN 'BALANCED' THEN 0.1::float8
                                 WHEN 'AGGRESSIVE' THEN 0.15::float8 ELSE 0.08::float8 END * p.band_income::float8),
scored AS (
  SELECT p.*, CASE WHEN p.personalized
      THEN p.stage_points + p.dependents_points + p.gap_points + p.property_points + p.travel_points + p.child_points
           + p.fit_points + p.tier_points + p.segment_points
      ELSE 1 + floor(50.0::float8 * coalesce((SELECT holders FROM popularity WHERE product_code = p.code), 0)
                     / greatest(1, (SELECT max(holders) FROM popularity)) + 0.5)::int END AS score
  FROM pointed p),
best AS (
  SELECT DISTINCT ON (s.id) s.*, CASE WHEN s.personalized THEN to_jsonb(array_remove(ARRAY[
      CASE WHEN s.stage_points > 0 THEN ${reason(`'LIFE_STAGE_' || s.stage`, `'Suits a customer who is ' || s.label
        || CASE WHEN s.age IS NOT NULL AND s.stage <> 'ORGANISATION' THEN ' (aged ' || (s.age / 10 * 10) || '–' || (s.age / 10 * 10 + 9) || ')' ELSE '' END || '.'`)} END,
      CASE WHEN s.dependents_points > 0 THEN ${reason(`'DEPENDENTS_WITHOUT_LIFE_COVER'`, `'Has dependents and no life cover to protect the family''s income.'`)} END,
      CASE WHEN s.gap_points > 0 THEN ${reason(`'LIFE_COVER_GAP'`, `'Life cover is below 5× annual income for a household with dependents.'`)} END,
      CASE WHEN s.property_points > 0 THEN ${reason(`'HOUSEHOLD_WITHOUT_PROPERTY_COVER'`, `'A household of mortgage age without home cover.'`)} END,
      CASE WHEN s.travel_points > 0 THEN ${reason(`'TRAVEL_PLANS'`, `'Asked about travel in the last 60 days.'`)} END,
      CASE WHEN s.child_points > 0 THEN ${reason(`'CHILD_COVER'`, `'Covers a child of the household aged ' || coalesce(s.min_age, 0) || '–' || s.max_age || '.'`)} END,
      CASE WHEN s.fit_points > 0 THEN ${reason(`'RISK_PREFERENCE'`, `'Fits a ' || lower(s.risk_preference) || ' attitude to financial risk.'`)} END,
      CASE WHEN s.tier_points > 0 THEN ${reason(`'SERVICE_TIER'`, `CASE WHEN s.tier_points = 15 THEN 'A premium product for a premium-tier customer.' ELSE 'Aimed at the customer''s service tier.' END`)} END,
      CASE WHEN s.segment_points > 0 THEN ${reason(`'SEGMENT'`, `'In the segment "' || CASE s.line WHEN 'LIFE' THEN 'Young families without life cover'
        ELSE 'Pre-retirees without an annuity' END || '", which this product line serves.'`)} END,
      CASE WHEN s.age IS NULL AND s.age_withheld AND (s.min_age IS NOT NULL OR s.max_age IS NOT NULL) THEN ${reason(`'AGE_TO_CONFIRM'`,
        `'Accepts ages ' || coalesce(s.min_age, 0) || '–' || coalesce(s.max_age::text, 'any') || ': to be confirmed at quote.'`)} END]::jsonb[], NULL))
    ELSE jsonb_build_array(
      ${reason(`'NON_PERSONALIZED'`, `'Not personalized: the customer has withdrawn consent to profiling, so popular products are shown instead.'`)},
      ${reason(`'POPULAR'`, `s.name || ' is among our most held products.'`)}) END AS reasons,
    CASE WHEN s.marketing_channel IS NULL OR s.marketing_channel = s.preferred_channel
         THEN coalesce(s.preferred_channel, s.marketing_channel) ELSE s.marketing_channel END AS channel
  FROM scored s WHERE NOT s.personalized OR s.score > 0
  ORDER BY s.id, s.score DESC, s.code COLLATE "C")
SELECT json_build_object('offers', json_build_object(
  'edges', (SELECT coalesce(json_agg(json_build_object('cursor', ${cursor("b")}, 'node', json_build_object(
      'customer', json_build_object('id', b.id, 'customerNumber', b.customer_number, 'serviceTier', b.service_tier, 'city', b.city,
        'fullName', (SELECT string_agg(left(w.part, 1) || '***', ' ' ORDER BY w.n)
                     FROM regexp_split_to_table(b.full_name, '\\s+') WITH ORDINALITY AS w(part, n) WHERE w.part <> '')),
      'product', json_build_object('code', b.code, 'name', b.name, 'line', b.line),
      'score', b.score, 'reasons', b.reasons, 'channel', b.channel,
      'suggestedSumInsured', json_build_object('amount', CASE WHEN b.personalized THEN b.sum_insured ELSE b.base_sum END, 'currency', b.product_currency),
      'estimatedPremium', json_build_object('amount', b.premium, 'currency', b.product_currency)))
    ORDER BY b.customer_number, b.id), '[]') FROM best b),
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) FROM scanned) > $2,
    'endCursor', (SELECT ${cursor("p")} FROM page p ORDER BY p.customer_number DESC, p.id DESC LIMIT 1)))) AS data`;
