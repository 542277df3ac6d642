import type { RequestContext } from "../../auth/request-context";
import { requireCustomer } from "../customer/customer.service";
import { Consent, ConsentPurpose } from "./consent.entity";
import { BadUserInputError } from "../../shared/errors";
import type { SetConsentInput } from "./consent.inputs";
import { causeOf, recordEvents } from "../events/outbox";

/**
 * Records a consent decision as a new history row (never an update), for a customer in the
 * viewer's scope. It takes effect on the next request: scope and field rules read the newest row.
 */
export async function setConsent(ctx: RequestContext, input: SetConsentInput): Promise<Consent> {
  if (input.contactChannel && input.purpose !== ConsentPurpose.MARKETING) {
    throw new BadUserInputError("A contact channel can be decided for MARKETING only", { field: "contactChannel" });
  }
  const customer = await requireCustomer(ctx, input.customerId);
  const saved = await ctx.db.transaction(async (manager) => {
    const repo = manager.getRepository(Consent);
    const row = await repo.save(
      repo.create({
        customerId: customer.id,
        purpose: input.purpose,
        granted: input.granted,
        channel: input.channel ?? null,
        contactChannel: input.contactChannel ?? null,
        recordedAt: new Date(),
        recordedBy: ctx.viewer.kind === "staff" ? ctx.viewer.id : null,
      }),
    );
    await recordEvents(manager, causeOf(ctx), [{ type: "consent.changed", data: { customerId: customer.id, consentId: row.id, purpose: row.purpose, channel: row.contactChannel } }]);
    return row;
  });
  return ctx.db.getRepository(Consent).findOneByOrFail({ id: saved.id });
}
