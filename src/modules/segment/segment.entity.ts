import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from "typeorm";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";

@ObjectType({ description: "A named group of customers defined by a rule." })
@Entity("segment")
export class Segment {
  @Field(() => ID, { description: "Segment id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Segment name, unique." })
  @Index({ unique: true })
  @Column("varchar", { length: 120 })
  name: string;

  @Field(() => String, { description: "What the segment is for." })
  @Column("text", { default: "" })
  description: string;

  @Field(() => JSONObjectResolver, { description: "The rule tree that defines membership." })
  @Column("jsonb")
  rule: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: "Staff user who created the segment." })
  @Column("uuid", { nullable: true })
  createdBy: string | null;

  @Field(() => Int, { description: "Optimistic-lock version." })
  @VersionColumn({ default: 1 })
  version: number;

  @Field(() => DateTimeISOResolver, { description: "When the segment was created." })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field(() => DateTimeISOResolver, { description: "When the segment was last changed." })
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}
