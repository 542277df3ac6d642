import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { OfferResponse } from "./offer-response.entity";
import { OfferResponseConnection, OfferResponseListArgs } from "./offer-response.types";

/** The recommendation relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const RECOMMENDATION_RELATIONS = [
  relation<Customer, OfferResponse, OfferResponseListArgs>({
    kind: "page",
    on: () => Customer,
    field: "offerResponses",
    child: () => OfferResponse,
    from: "id",
    to: "customerId",
    sort: "respondedAt",
    direction: "DESC",
    filters: (args) => ({ response: args.response }),
    face: { type: () => OfferResponseConnection, args: () => OfferResponseListArgs, description: "The customer's answers to offers, newest first." },
  }),
];
