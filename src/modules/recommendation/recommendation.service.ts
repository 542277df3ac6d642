import type { RequestContext } from "../../auth/request-context";
import { causeOf, recordEvents } from "../events/outbox";
import { customerScope, marketingConsentedSql, notErasedSql, profilingAllowedSql, withinScope } from "../../auth/row-scope";
import { roleOf } from "../../auth/viewer";
import { BadUserInputError, ForbiddenError, NotFoundError } from "../../shared/errors";
import { money } from "../../shared/money";
import { PageInfo, pageRequest } from "../../shared/pagination";
import type { Channel } from "../customer/customer.enums";
import { Customer } from "../customer/customer.entity";
import { requireCustomer } from "../customer/customer.service";
import { ConsentPurpose } from "../consent/consent.entity";
import { productCatalogue, productsByCode } from "../product/product-catalogue";
import { Role } from "../../auth/role";
import { segmentById, ruleOf } from "../segment/segment.service";
import { compileRule, SqlParams } from "../segment/segment-rule";
import { authorizeRule } from "../segment/segment-use";
import type { ScoredProduct } from "./recommendation-engine";
import { productMap, recommendationsFor, recommendFromFacts, type CustomerRecommendations } from "./recommendation-facts";
import { loadOfferPage, pageCustomers, type OfferPageRow } from "./offer-page.query";
import { rankingBasis, rankingValidUntil, storedRole, storeRankings } from "./offer-rankings";
import { offerRankings as offerRankingSources } from "../../observability/metrics";
import { capWindowDays, contactReach } from "../contact-policy/contact-policy.service";
import { ContactPurpose } from "../contact-policy/contact-policy.enums";
import { OfferResponse } from "./offer-response.entity";
import { Offer, OfferConnection, ProductExclusion, Recommendation, type OfferArgs, type OfferResponseArgs } from "./recommendation.types";

/** Roles that see a customer's recommendations; marketing gets them only as offers to consented customers. */
const RECOMMENDATION_READERS: readonly Role[] = [Role.AGENT, Role.CUSTOMER, Role.ADMIN, Role.UNDERWRITER];

function requireReader(ctx: RequestContext): void {
  if (ctx.viewer.kind === "anonymous" || !RECOMMENDATION_READERS.includes(ctx.viewer.role)) {
    throw new ForbiddenError("Your role may not read recommendations", { reason: "ROLE" });
  }
}

async function serviceRecommendations(ctx: RequestContext, customer: Customer): Promise<CustomerRecommendations> {
  requireReader(ctx);
  const [recommendations] = await recommendationsFor(ctx, [customer], "SERVICE");
  return recommendations;
}

function scored<T extends Recommendation | Offer>(target: T, entry: ScoredProduct, products: CustomerRecommendations["products"]): T {
  return Object.assign(target, {
    product: products.get(entry.productCode),
    score: entry.score,
    reasons: entry.reasons,
    suggestedSumInsured: money(entry.suggestedSumInsured, entry.currency),
    estimatedPremium: money(entry.estimatedPremium, entry.currency),
  });
}

export async function recommendationsOf(ctx: RequestContext, customer: Customer, limit: number): Promise<Recommendation[]> {
  const { result, products } = await serviceRecommendations(ctx, customer);
  return result.recommendations.slice(0, limit).map((entry) => scored(new Recommendation(), entry, products));
}

export async function exclusionsOf(ctx: RequestContext, customer: Customer): Promise<ProductExclusion[]> {
  const { result, products } = await serviceRecommendations(ctx, customer);
  return result.excluded.map((entry) =>
    Object.assign(new ProductExclusion(), { product: products.get(entry.productCode), rule: entry.rule, message: entry.message }),
  );
}

/** The customer's preferred channel when their marketing consent covers it, else the channel they consented on. */
export function offerChannel(customer: Customer, consents: CustomerRecommendations["consents"]): Channel | null {
  const marketing = consents.find((consent) => consent.purpose === ConsentPurpose.MARKETING && consent.granted);
  if (!marketing) return null;
  if (!marketing.channel || marketing.channel === customer.preferredChannel) return customer.preferredChannel ?? (marketing.channel as Channel | null);
  return marketing.channel as Channel;
}

/** Offers go to customers who consent to marketing and have not refused profiling (an offer is a profiling result). */
const MARKETING_CONSENTED = [notErasedSql("c"), marketingConsentedSql("c"), profilingAllowedSql("c")];

/**
 * A page of offers: customers in the viewer's scope who currently consent to marketing (and
 * optionally belong to a segment), by customer number, each with their top offer. The facts of
 * the whole page are loaded in one batch. A customer with nothing to offer (suppressed, or nothing
 * eligible in the line) has no edge, so a page may hold fewer edges than `first`; totalCount counts
 * the customers considered.
 */
/** The customer columns an offer's service reads on every row: its cursor (number, id) and its channels. */
const OFFER_CUSTOMER_COLUMNS = ["id", "customer_number", "preferred_channel"];

export async function listOffers(ctx: RequestContext, args: OfferArgs, answered?: { customerProperties: ReadonlySet<string> }): Promise<OfferConnection> {
  const page = pageRequest(args, ctx.cursors.list("offers:customerNumber:ASC"));
  const params = new SqlParams("offer");
  let segmentClause = "TRUE";
  if (args.segmentId) {
    const segment = await segmentById(ctx, args.segmentId);
    if (!segment) throw new NotFoundError("Segment", args.segmentId);
    segmentClause = compileRule(authorizeRule(ruleOf(segment), roleOf(ctx.viewer), "segmentId"), params);
  }
  const scope = customerScope(ctx.viewer, "c");
  const after = page.after ? "AND (c.customer_number, c.id) > (CAST(:afterNumber AS varchar), CAST(:afterId AS uuid))" : "";
  const where = `${withinScope(scope, MARKETING_CONSENTED)} AND ${segmentClause}`;
  const named = { ...scope.params, ...params.values, afterNumber: page.after?.value, afterId: page.after?.id };
  const run = (sql: string) => {
    const [text, values] = ctx.reader.driver.escapeQueryWithParameters(sql, named, {});
    return ctx.reader.query(text, values);
  };
  // the page and every fact its offers use: one statement
  const settings = ctx.config.contactPolicy;
  const role = roleOf(ctx.viewer);
  const stored = ctx.config.offerRankings ? storedRole(role) : null;
  const loaded = await loadOfferPage(ctx.reader, role, {
    where: `${where} ${after}`, params: named, limit: page.first + 1, contactWindowDays: capWindowDays(settings), basis: stored && (await rankingBasis(ctx.reader)),
    productLine: args.productLine ?? null,
    customerColumns: answered ? customerColumnsOf(ctx, answered.customerProperties) : null,
  });
  const rows = pageCustomers(ctx.reader, loaded.rows);
  const customers = rows.slice(0, page.first);
  const pageRows = loaded.rows.slice(0, page.first);
  const products = productMap(await productCatalogue(ctx.reader));
  const topOf = (ranking: ScoredProduct[]) => (args.productLine ? ranking.find((entry) => products.get(entry.productCode)?.line === args.productLine) : ranking[0]);
  const ranked = await rankPage(ctx, customers, pageRows, loaded, stored, topOf);
  // the contact policy at the page's instant: a customer held back is left out, or listed flagged with the reasons
  const reach = pageRows.map((row, i) => contactReach(loaded.contact(row), ContactPurpose.MARKETING, customers[i].preferredChannel ?? null, loaded.now, settings));
  const cursorOf = (customer: Customer) => page.cursors.encode({ value: customer.customerNumber, id: customer.id });
  const edges = customers
    .map((customer, i) => ({ customer, top: ranked[i].top, channel: ranked[i].channel, reach: reach[i] }))
    .filter(({ top, reach }) => top !== undefined && (args.includeHeldBack || !reach.heldBack))
    .map(({ customer, top, channel, reach }) => ({
      cursor: cursorOf(customer),
      node: Object.assign(scored(new Offer(), top as ScoredProduct, products), {
        customer, channel, contactChannel: reach.contactChannel, heldBack: reach.heldBack, heldBackReasons: reach.reasons,
      }),
    }));
  const last = customers[customers.length - 1];
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    startCursor: edges[0]?.cursor ?? null,
    // the last customer scanned, so that the next page continues after customers without an offer
    endCursor: last ? cursorOf(last) : null,
  });
  // the customers an offer is considered for (an upper bound of the offers)
  const counter = async () => Number((await run(`SELECT count(*)::int AS n FROM customer c WHERE ${where}`))[0].n);
  return Object.assign(new OfferConnection(), { edges, pageInfo, counter }) as OfferConnection;
}

/**
 * The columns behind the customer properties an answer reads (compiled reads: the plan's own
 * list), with those the service reads itself. A kept ranking's row carries only these.
 */
function customerColumnsOf(ctx: RequestContext, properties: ReadonlySet<string>): Set<string> {
  const metadata = ctx.reader.getMetadata(Customer);
  const columns = new Set(OFFER_CUSTOMER_COLUMNS);
  for (const property of properties) {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`Customer has no column for ${property}`);
    columns.add(column.databaseName);
  }
  return columns;
}

/**
 * Each page customer's best offer (`topOf` their ranking for marketing, every product best first)
 * and offer channel: from the stored ranking where it still holds (its best entry picked in the
 * page statement), else the engine's on the facts the page statement read — stored for the next read
 * (src/modules/recommendation/offer-rankings.ts).
 */
async function rankPage(
  ctx: RequestContext,
  customers: readonly Customer[],
  rows: readonly OfferPageRow[],
  loaded: Awaited<ReturnType<typeof loadOfferPage>>,
  stored: Role | null,
  topOf: (ranking: ScoredProduct[]) => ScoredProduct | undefined,
): Promise<{ top: ScoredProduct | undefined; channel: Channel | null }[]> {
  const missing = rows.flatMap((row, i) => (row.rec_kept ? [] : [i]));
  offerRankingSources.inc({ source: "stored" }, rows.length - missing.length);
  offerRankingSources.inc({ source: "computed" }, missing.length);
  const computed = await recommendFromFacts(ctx, missing.map((i) => customers[i]), missing.map((i) => loaded.facts(rows[i])), "MARKETING", null, { explain: false });
  const ranked = rows.map((row) => (row.rec_kept ? { top: row.rec_top ?? undefined, channel: row.rec_channel as Channel | null } : null));
  const channels = missing.map((i, j) => offerChannel(customers[i], computed[j].consents));
  missing.forEach((i, j) => (ranked[i] = { top: topOf(computed[j].result.recommendations), channel: channels[j] }));
  if (stored && loaded.basis && rows.length > 0) {
    // only personalized rankings are stored (offers go only to customers who allow profiling)
    const storable = missing.flatMap((i, j) => (computed[j].result.personalized ? [{ i, j }] : []));
    await storeRankings(ctx.db, stored, loaded.basis, rows[0].rec_snapshot, storable.map(({ i, j }) => ({
      customerId: customers[i].id,
      validUntil: rankingValidUntil(loaded.now, rows[i]),
      segments: rows[i].rec_segments,
      channel: channels[j],
      ranking: computed[j].result.recommendations,
      contact: rows[i].rec_contact,
    })));
  }
  return ranked as { top: ScoredProduct | undefined; channel: Channel | null }[];
}

/** Records a customer's answer to an offer; a decline suppresses the product for 90 days from the next request. */
export async function recordOfferResponse(ctx: RequestContext, args: OfferResponseArgs): Promise<OfferResponse> {
  const customer = await requireCustomer(ctx, args.customerId);
  const [product] = await productsByCode(ctx.db, [args.productCode]);
  if (!product) throw new BadUserInputError(`Unknown product ${args.productCode}`, { field: "productCode" });
  return ctx.db.transaction(async (manager) => {
    const repo = manager.getRepository(OfferResponse);
    const saved = await repo.save(
      repo.create({ customerId: customer.id, productCode: product.code, response: args.response, channel: args.channel ?? null, respondedAt: new Date() }),
    );
    await recordEvents(manager, causeOf(ctx), [{ type: "offer.responded", data: { customerId: customer.id, offerResponseId: saved.id } }]);
    return repo.findOneByOrFail({ id: saved.id });
  });
}
