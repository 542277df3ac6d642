import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Customer } from "../customer/customer.entity";

export enum RelationshipKind {
  SPOUSE = "SPOUSE",
  CHILD = "CHILD",
  PARENT = "PARENT",
  EMPLOYER = "EMPLOYER",
  EMPLOYEE = "EMPLOYEE",
  OTHER = "OTHER",
}
registerEnumType(RelationshipKind, {
  name: "RelationshipKind",
  description: "How the related customer stands to this one (CHILD: the related customer is this customer's child).",
  valuesConfig: {
    SPOUSE: { description: "The related customer is this customer's spouse." },
    CHILD: { description: "The related customer is this customer's child." },
    PARENT: { description: "The related customer is this customer's parent." },
    EMPLOYER: { description: "The related customer is this customer's employer." },
    EMPLOYEE: { description: "The related customer is this customer's employee." },
    OTHER: { description: "Another relationship." },
  },
});

/** One direction of a household or employment link; the reverse direction is stored as its own row. */
@ObjectType({ description: "A link from a customer to a related customer (spouse, child, parent, employer, employee)." })
@Entity("relationship")
@Unique("UQ_relationship_pair_kind", ["customerId", "relatedCustomerId", "kind"])
export class Relationship {
  @Field(() => ID, { description: "Relationship id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The customer this link belongs to." })
  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => ID, { description: "The related customer." })
  @Index()
  @Column("uuid")
  relatedCustomerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "related_customer_id" })
  relatedCustomer?: Customer;

  @Field(() => RelationshipKind, { description: "What the related customer is to this customer." })
  @Column("varchar", { length: 12 })
  kind: RelationshipKind;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
