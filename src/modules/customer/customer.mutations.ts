import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "./customer.entity";
import { assignAgent, createCustomer, updateCustomer } from "./customer-write.service";
import { CustomerChangesInput, NewCustomerInput } from "./customer-write.inputs";

@Resolver(() => Customer)
export class CustomerMutations {
  @Mutation(() => Customer, { description: "Records a new customer (an agent's new customer joins the agent's book)." })
  createCustomer(@Ctx() ctx: RequestContext, @Arg("input", () => NewCustomerInput, { description: "The new customer's profile (AGENT, ADMIN); mistakes are BAD_USER_INPUT with the fields named." }) input: NewCustomerInput) {
    return createCustomer(ctx, input);
  }

  @Mutation(() => Customer, { description: "Changes a customer's profile if expectedVersion is still current (else CONFLICT)." })
  updateCustomer(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The customer to change." }) id: string,
    @Arg("input", () => CustomerChangesInput, { description: "The changes." }) input: CustomerChangesInput,
    @Arg("expectedVersion", () => Int, { description: "The version you read." }) expectedVersion: number,
  ) {
    return updateCustomer(ctx, id, input, expectedVersion);
  }

  @Mutation(() => Customer, { description: "Moves a customer into an agent's book (ADMIN)." })
  assignAgent(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer." }) customerId: string,
    @Arg("agentId", () => ID, { description: "An active staff user in the AGENT role." }) agentId: string,
  ) {
    return assignAgent(ctx, customerId, agentId);
  }
}
