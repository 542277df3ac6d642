import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { Role } from "../../auth/role";
import { Customer } from "../customer/customer.entity";
import { Complaint } from "../interaction/complaint.entity";
import { RiskAssessment } from "../risk/risk-assessment.entity";
import { ServiceCase } from "../service-desk/service-case.entity";
import { SlaMilestone } from "../service-desk/sla-policy";

export enum AlertKind {
  COMPLAINT_DUE_SOON = "COMPLAINT_DUE_SOON",
  COMPLAINT_OVERDUE = "COMPLAINT_OVERDUE",
  RISK_TIER_RAISED = "RISK_TIER_RAISED",
  CASE_BREACHED = "CASE_BREACHED",
}
registerEnumType(AlertKind, {
  name: "AlertKind",
  description:
    "Why staff are alerted: a complaint's deadline is within 4 hours, a complaint is past its deadline, a customer's risk tier rose into HIGH or CRITICAL, or an open case missed an SLA milestone (milestone, deadline).",
  valuesConfig: {
    COMPLAINT_DUE_SOON: { description: "An open complaint of the customer is due within 4 hours." },
    COMPLAINT_OVERDUE: { description: "An open complaint of the customer is past its due time." },
    RISK_TIER_RAISED: { description: "A new risk assessment raised the customer's risk tier into HIGH or CRITICAL." },
    CASE_BREACHED: { description: "An open case missed an SLA milestone; the alert names the milestone and its deadline." },
  },
});

/**
 * A service alert for one recipient: a staff member (the customer's assigned agent, a case's
 * assignee) or everyone of a role (COMPLIANCE, UNDERWRITER, CLAIMS_ADJUSTER). Derived from outbox
 * events by the dispatcher (alert-derivation.ts), at most one per event and recipient. It holds
 * ids, a kind and for a case breach its milestone and deadline (PUBLIC on the case), no values.
 */
@ObjectType("Alert", { description: "A service alert addressed to you or your role: a complaint deadline near or missed, a customer's risk tier raised, or a case's SLA milestone missed." })
@Entity("service_alert")
@Check("CHK_service_alert_recipient", `("recipient_staff_id" IS NULL) <> ("recipient_role" IS NULL)`)
@Index("UQ_service_alert_event_staff", { synchronize: false }) // UNIQUE (event_id, recipient_staff_id) WHERE recipient_staff_id IS NOT NULL
@Index("UQ_service_alert_event_role", { synchronize: false }) // UNIQUE (event_id, recipient_role) WHERE recipient_role IS NOT NULL
@Index("IDX_service_alert_staff", ["recipientStaffId", "createdAt"])
@Index("IDX_service_alert_role", ["recipientRole", "createdAt"])
@Index("IDX_service_alert_customer", ["customerId"])
export class ServiceAlert {
  @Field(() => ID, { description: "Alert id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_service_alert" })
  id: string;

  @Field(() => AlertKind, { description: "What happened." })
  @Column("varchar", { length: 24 })
  kind: AlertKind;

  /** The staff member it is addressed to (else a role). */
  @Column("uuid", { nullable: true })
  recipientStaffId: string | null;

  /** The role it is addressed to: everyone signed in with that role sees it (else a staff member). */
  @Column("varchar", { length: 20, nullable: true })
  recipientRole: Role | null;

  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_service_alert_customer" })
  customer?: Customer;

  @Column("uuid", { nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: "CASCADE" })
  @JoinColumn({ name: "complaint_id", foreignKeyConstraintName: "FK_service_alert_complaint" })
  complaint?: Complaint;

  @Column("uuid", { nullable: true })
  riskAssessmentId: string | null;

  @ManyToOne(() => RiskAssessment, { onDelete: "CASCADE" })
  @JoinColumn({ name: "risk_assessment_id", foreignKeyConstraintName: "FK_service_alert_risk_assessment" })
  riskAssessment?: RiskAssessment;

  @Column("uuid", { nullable: true })
  caseId: string | null;

  @ManyToOne(() => ServiceCase, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_id", foreignKeyConstraintName: "FK_service_alert_case" })
  serviceCase?: ServiceCase;

  @Field(() => SlaMilestone, { nullable: true, description: "The milestone a CASE_BREACHED alert's case missed (null for other kinds)." })
  @Column("varchar", { length: 16, nullable: true })
  milestone: SlaMilestone | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: "The deadline a CASE_BREACHED alert's case missed: that milestone's SLA breachAt when the alert was raised (null for other kinds).",
  })
  @Column("timestamptz", { nullable: true })
  deadline: Date | null;

  /** The outbox event it was derived from (with the recipient: unique, so deriving again adds nothing). */
  @Column("uuid")
  eventId: string;

  @Field(() => DateTimeISOResolver, { description: "When the alert was raised." })
  @Column("timestamptz", { default: () => "now()" })
  createdAt: Date;

  /** The viewer's acknowledgement (service_alert_read), filled by the query that reads the alert for them. */
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When you acknowledged it (acknowledgeAlert); null while unread by you. Each member of a role reads a role alert on their own." })
  readAt: Date | null;
}
