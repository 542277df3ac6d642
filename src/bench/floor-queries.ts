import { Role } from "../auth/role";
import { consentInForceSql } from "../auth/row-scope";
import { releasedRatingSql } from "./floor-risk";

/**
 * The floor's hand-written statements for the 360 view and the customer list: one SQL statement
 * per request that returns the GraphQL `data` object as JSON, with the same rows, order and
 * computed values as the API (see docs/performance.md). Row scope and the staff check are in the
 * WHERE clause; $1 is always the viewer's staff id (from the verified token).
 */

/** Timestamps as the DateTimeISO scalar prints them (UTC, milliseconds). */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The rating an agent receives: recomputed from the factors released to AGENT when any is withheld. */
const AGENT_RATING = releasedRatingSql(Role.AGENT, "r", `(${consentInForceSql("c.id", "'SENSITIVE_DATA'")}) IS TRUE`);

const OPEN_CLAIMS = `('REPORTED', 'UNDER_REVIEW', 'APPROVED')`;
const INSTALMENTS = `CASE p.premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END`;

/** Agent 360: $1 agent id, $2 customer id. */
export const CUSTOMER_360_SQL = `
WITH viewer AS (SELECT id FROM staff_user WHERE id = $1 AND active AND role = 'AGENT')
SELECT json_build_object('customer', (
  SELECT json_build_object(
    'id', c.id, 'customerNumber', c.customer_number, 'fullName', c.full_name, 'email', c.email, 'phone', c.phone,
    'serviceTier', c.service_tier,
    'summary', (
      SELECT json_build_object(
        'activePolicies', count(*) FILTER (WHERE p.status = 'ACTIVE'),
        'openClaims', (SELECT count(*) FROM claim cl WHERE cl.customer_id = c.id AND cl.status IN ${OPEN_CLAIMS}),
        'totalAnnualPremium', json_build_object('amount', coalesce(sum(p.premium * ${INSTALMENTS}) FILTER (WHERE p.status = 'ACTIVE'), 0)))
      FROM policy p WHERE p.customer_id = c.id),
    'household', (
      SELECT coalesce(json_agg(json_build_object('kind', r.kind, 'member', json_build_object('id', m.id, 'fullName', m.full_name))
                      ORDER BY r.kind, r.created_at, r.id), '[]')
      FROM relationship r JOIN customer m ON m.id = r.related_customer_id
      WHERE r.customer_id = c.id AND m.assigned_agent_id = v.id),
    'consents', (
      SELECT coalesce(json_agg(json_build_object('purpose', k.purpose, 'granted', k.granted) ORDER BY k.purpose), '[]')
      FROM (SELECT DISTINCT ON (purpose) purpose, granted FROM consent WHERE customer_id = c.id
            ORDER BY purpose, recorded_at DESC, id DESC) k),
    'policies', json_build_object(
      'totalCount', (SELECT count(*) FROM policy WHERE customer_id = c.id),
      'edges', (
        SELECT coalesce(json_agg(json_build_object('node', json_build_object(
                 'policyNumber', p.policy_number, 'status', p.status,
                 'coverages', (SELECT coalesce(json_agg(json_build_object('kind', cv.kind, 'limit', json_build_object('amount', cv.limit_amount))
                                                ORDER BY cv.kind, cv.id), '[]')
                               FROM coverage cv WHERE cv.policy_id = p.id)))
               ORDER BY p.start_date DESC, p.id DESC), '[]')
        FROM (SELECT * FROM policy WHERE customer_id = c.id ORDER BY start_date DESC, id DESC LIMIT 20) p)),
    'claims', json_build_object('edges', (
      SELECT coalesce(json_agg(json_build_object('node', json_build_object(
               'claimNumber', cl.claim_number, 'status', cl.status,
               'events', (SELECT coalesce(json_agg(json_build_object('toStatus', e.to_status) ORDER BY e.occurred_at, e.id), '[]')
                          FROM claim_event e WHERE e.claim_id = cl.id)))
             ORDER BY cl.reported_at DESC, cl.id DESC), '[]')
      FROM (SELECT * FROM claim WHERE customer_id = c.id ORDER BY reported_at DESC, id DESC LIMIT 20) cl)),
    'interactions', json_build_object('edges', (
      SELECT coalesce(json_agg(json_build_object('node', json_build_object(
               'channel', i.channel, 'kind', i.kind, 'notes', i.notes, 'occurredAt', ${iso("i.occurred_at")}))
             ORDER BY i.occurred_at DESC, i.id DESC), '[]')
      FROM (SELECT * FROM interaction WHERE customer_id = c.id ORDER BY occurred_at DESC, id DESC LIMIT 20) i)),
    'riskProfile', (
      SELECT json_build_object('score', ${AGENT_RATING.score}, 'tier', ${AGENT_RATING.tier})
      FROM (SELECT * FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1) r
      ${AGENT_RATING.join}))
  FROM customer c, viewer v WHERE c.id = $2 AND c.assigned_agent_id = v.id)) AS data`;

/** Admin list: $1 admin id; 100 customers by number, each with 10 policies, newest cover first. */
export const CUSTOMER_LIST_SQL = `
WITH viewer AS (SELECT id FROM staff_user WHERE id = $1 AND active AND role = 'ADMIN'),
page AS (SELECT c.* FROM customer c WHERE EXISTS (SELECT 1 FROM viewer) ORDER BY c.customer_number, c.id LIMIT 100)
SELECT json_build_object('customers', json_build_object('edges', (
  SELECT coalesce(json_agg(json_build_object('node', json_build_object(
           'id', c.id, 'customerNumber', c.customer_number, 'fullName', c.full_name, 'serviceTier', c.service_tier,
           'policies', json_build_object('edges', (
             SELECT coalesce(json_agg(json_build_object('node', json_build_object(
                      'policyNumber', p.policy_number, 'status', p.status, 'premium', json_build_object('amount', p.premium),
                      'coverages', (SELECT coalesce(json_agg(json_build_object('kind', cv.kind) ORDER BY cv.kind, cv.id), '[]')
                                    FROM coverage cv WHERE cv.policy_id = p.id)))
                    ORDER BY p.start_date DESC, p.id DESC), '[]')
             FROM (SELECT * FROM policy WHERE customer_id = c.id ORDER BY start_date DESC, id DESC LIMIT 10) p))))
         ORDER BY c.customer_number, c.id), '[]')
  FROM page c))) AS data`;

/** `{ me { role } }`: $1 staff id; no row (unknown or inactive user) → 401. */
export const ME_SQL = `SELECT json_build_object('me', json_build_object('role', role)) AS data FROM staff_user WHERE id = $1 AND active`;
