import type { MigrationInterface, QueryRunner } from "typeorm";

export class HealthDeclaration1795627314795 implements MigrationInterface {
  name = "HealthDeclaration1795627314795";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"health_declaration\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"details\" text NOT NULL, \"declared_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_daa380869fe70a15a952dbb97d1\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_health_declaration_customer_time\" ON \"health_declaration\" (\"customer_id\", \"declared_at\") ");
    await q.query("ALTER TABLE \"health_declaration\" ADD CONSTRAINT \"FK_26159c899863b84be1d078e1fe4\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"health_declaration\" DROP CONSTRAINT \"FK_26159c899863b84be1d078e1fe4\"");
    await q.query("DROP INDEX \"public\".\"IDX_health_declaration_customer_time\"");
    await q.query("DROP TABLE \"health_declaration\"");
  }
}
