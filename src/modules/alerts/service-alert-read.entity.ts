import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { StaffUser } from "../staff/staff.entity";
import { ServiceAlert } from "./service-alert.entity";

/**
 * One recipient's acknowledgement of an alert. An alert to a role is read by each of its members
 * on their own: one COMPLIANCE officer reading it leaves it unread for the others.
 */
@Entity("service_alert_read")
export class ServiceAlertRead {
  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_service_alert_read" })
  alertId: string;

  @ManyToOne(() => ServiceAlert, { onDelete: "CASCADE" })
  @JoinColumn({ name: "alert_id", foreignKeyConstraintName: "FK_service_alert_read_alert" })
  alert?: ServiceAlert;

  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_service_alert_read" })
  staffId: string;

  @ManyToOne(() => StaffUser, { onDelete: "CASCADE" })
  @JoinColumn({ name: "staff_id", foreignKeyConstraintName: "FK_service_alert_read_staff" })
  staff?: StaffUser;

  /** The first acknowledgement (a second one changes nothing). */
  @Column("timestamptz")
  readAt: Date;
}
