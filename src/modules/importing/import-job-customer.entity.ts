import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";
import { ImportJob } from "./import-job.entity";

/**
 * A customer whose risk facts a running import job wrote: written in each batch's transaction (so
 * a resumed job still has those of the batches before the stop), read by the job's risk pass, and
 * deleted when the job completes. The risk pass reads these rows instead of scanning the customers
 * for recent changes, so its cost follows the job, not the book. Ids only.
 */
@Entity("import_job_customer")
export class ImportJobCustomer {
  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_import_job_customer" })
  jobId: string;

  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_import_job_customer" })
  customerId: string;

  @ManyToOne(() => ImportJob, { onDelete: "CASCADE" })
  @JoinColumn({ name: "job_id", foreignKeyConstraintName: "FK_import_job_customer_job" })
  job?: ImportJob;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_import_job_customer_customer" })
  customer?: Customer;
}
