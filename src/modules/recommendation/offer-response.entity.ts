import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { Product } from "../product/product.entity";

export enum OfferResponseKind {
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
}
registerEnumType(OfferResponseKind, {
  name: "OfferResponseKind",
  description: "A customer's answer to an offer.",
  valuesConfig: {
    ACCEPTED: { description: "The customer accepted the offer." },
    DECLINED: { description: "The customer declined the offer: the product is not offered to them again for DECLINE_SUPPRESSION_DAYS (90) days." },
  },
});

@ObjectType({ description: "A customer's answer to a product offer." })
@Entity("offer_response")
@Index("IDX_offer_response_customer_time", ["customerId", "respondedAt"])
export class OfferResponse {
  @Field(() => ID, { description: "Response id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => String, { description: "Product offered." })
  @Index()
  @Column("varchar", { length: 32 })
  productCode: string;

  @ManyToOne(() => Product, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "product_code" })
  product?: Product;

  @Field(() => OfferResponseKind, { description: "Accepted or declined." })
  @Column("varchar", { length: 10 })
  response: OfferResponseKind;

  @Field(() => Channel, { nullable: true, description: "Channel the answer came through." })
  @Column("varchar", { length: 12, nullable: true })
  channel: Channel | null;

  @Field(() => DateTimeISOResolver, { description: "When the customer answered." })
  @Column("timestamptz", { default: () => "now()" })
  respondedAt: Date;
}
