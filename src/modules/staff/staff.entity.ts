import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "../../auth/role";

@ObjectType({ description: "An employee who uses Customer360: agent, underwriter, adjuster, marketer, compliance officer or administrator." })
@Entity("staff_user")
export class StaffUser {
  /** Derived from the username (see staff-id.ts), so tokens can be issued without opening the database. */
  @Field(() => ID, { description: "Staff user id." })
  @PrimaryColumn("uuid")
  id: string;

  @Field(() => String, { nullable: true, description: "Login name, unique (INTERNAL)." })
  @Index({ unique: true })
  @Column("varchar", { length: 64 })
  username: string;

  @Field(() => String, { description: "Name shown to colleagues and customers." })
  @Column("varchar", { length: 120 })
  displayName: string;

  @Field(() => Role, { description: "Role that decides what this user may see and do." })
  @Column("varchar", { length: 20 })
  role: Role;

  @Field(() => String, { nullable: true, description: "Branch office the user belongs to." })
  @Column("varchar", { length: 80, nullable: true })
  branch: string | null;

  @Field(() => Boolean, { nullable: true, description: "Inactive users cannot sign in (INTERNAL)." })
  @Column("boolean", { default: true })
  active: boolean;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
