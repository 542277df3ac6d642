import { Field, ObjectType } from "type-graphql";
import { Customer } from "../customer/customer.entity";
import { Role } from "../../auth/role";
import { StaffUser } from "./staff.entity";

@ObjectType({ description: "The caller: a staff user, or a customer using self-service." })
export class Me {
  @Field(() => Role, { description: "Role the caller acts in." })
  role: Role;

  @Field(() => String, { nullable: true, description: "Purpose of access declared by the X-Access-Purpose header or the token." })
  purpose: string | null;

  @Field(() => StaffUser, { nullable: true, description: "The staff user, when the caller is staff." })
  staff: StaffUser | null;

  @Field(() => Customer, { nullable: true, description: "The customer, when the caller is a customer." })
  customer: Customer | null;
}
