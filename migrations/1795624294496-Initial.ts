import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795624294496 implements MigrationInterface {
  name = "Initial1795624294496";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query("CREATE TABLE \"staff_user\" (\"id\" uuid NOT NULL, \"username\" character varying(64) NOT NULL, \"display_name\" character varying(120) NOT NULL, \"role\" character varying(20) NOT NULL, \"branch\" character varying(80), \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cec9365d9fc3a3409158b645f2e\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_5b021acaebf628d940d8ad2476\" ON \"staff_user\" (\"username\") ");
    await q.query("CREATE TABLE \"audit_entry\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor_id\" uuid NOT NULL, \"role\" character varying(20) NOT NULL, \"purpose\" character varying(80), \"operation\" character varying(120) NOT NULL, \"request_id\" character varying(64) NOT NULL, \"customer_id\" uuid, \"fields\" character varying array NOT NULL DEFAULT '{}', \"outcome\" character varying(12) NOT NULL, CONSTRAINT \"PK_58a130a4b9da189f46ba2a01801\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_9d18bd4a32fc0cd8ff82b12037\" ON \"audit_entry\" (\"at\") ");
    await q.query("CREATE INDEX \"IDX_audit_actor_time\" ON \"audit_entry\" (\"actor_id\", \"at\") ");
    await q.query("CREATE INDEX \"IDX_audit_customer_time\" ON \"audit_entry\" (\"customer_id\", \"at\") ");
    await q.query("CREATE TABLE \"customer\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_number\" character varying(20) NOT NULL, \"kind\" character varying(12) NOT NULL, \"full_name\" character varying(200) NOT NULL, \"gender\" character varying(12), \"date_of_birth\" date, \"id_type\" character varying(20), \"national_id_encrypted\" text, \"national_id_hash\" character varying(64), \"email\" character varying(254), \"phone\" character varying(20), \"address\" character varying(300), \"city\" character varying(80), \"region\" character varying(80), \"occupation\" character varying(120), \"occupation_class\" smallint, \"annual_income\" bigint, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"marital_status\" character varying(12), \"dependents\" smallint NOT NULL DEFAULT '0', \"service_tier\" character varying(12) NOT NULL DEFAULT 'BASIC', \"risk_preference\" character varying(12), \"preferred_channel\" character varying(12), \"assigned_agent_id\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"erased_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_a7a13f4cacb744524e44dfdad32\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_547ae6ce72f8d77640b8601336\" ON \"customer\" (\"customer_number\") ");
    await q.query("CREATE INDEX \"IDX_079168bd23a6eefaaddbf71fbb\" ON \"customer\" (\"full_name\") ");
    await q.query("CREATE INDEX \"IDX_a09fd410f7533d49a2c7a5b116\" ON \"customer\" (\"national_id_hash\") ");
    await q.query("CREATE INDEX \"IDX_e8acaba692c775271a830954c1\" ON \"customer\" (\"region\") ");
    await q.query("CREATE INDEX \"IDX_27ab0bdcf63d45dbbf8e9c95a6\" ON \"customer\" (\"assigned_agent_id\") ");
    await q.query("CREATE INDEX \"IDX_542e54d042b1388b615f7434d2\" ON \"customer\" (\"created_at\") ");
    await q.query("CREATE INDEX \"IDX_customer_agent_name\" ON \"customer\" (\"assigned_agent_id\", \"full_name\") ");
    await q.query("CREATE TABLE \"product\" (\"code\" character varying(32) NOT NULL, \"name\" character varying(120) NOT NULL, \"line\" character varying(20) NOT NULL, \"min_age\" smallint, \"max_age\" smallint, \"base_premium\" bigint NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"target_tiers\" character varying array NOT NULL DEFAULT '{}', \"customer_kinds\" character varying array NOT NULL DEFAULT '{INDIVIDUAL}', \"max_risk_tier\" character varying(12), \"description\" text NOT NULL DEFAULT '', \"active\" boolean NOT NULL DEFAULT true, CONSTRAINT \"PK_99c39b067cfa73c783f0fc49a61\" PRIMARY KEY (\"code\"))");
    await q.query("CREATE TABLE \"policy\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_number\" character varying(24) NOT NULL, \"customer_id\" uuid NOT NULL, \"product_code\" character varying(32) NOT NULL, \"status\" character varying(12) NOT NULL, \"premium\" bigint NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"premium_frequency\" character varying(12) NOT NULL, \"sum_insured\" bigint NOT NULL, \"start_date\" date NOT NULL, \"end_date\" date NOT NULL, \"renewal_date\" date, \"sales_channel\" character varying(12), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9917b0c5e4286703cc656b1d39f\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_cad1e51f8fb97d8befbc77463c\" ON \"policy\" (\"policy_number\") ");
    await q.query("CREATE INDEX \"IDX_4427d5db8a097ee4d7460b913b\" ON \"policy\" (\"product_code\") ");
    await q.query("CREATE INDEX \"IDX_policy_status_renewal\" ON \"policy\" (\"status\", \"renewal_date\") ");
    await q.query("CREATE INDEX \"IDX_policy_customer_status\" ON \"policy\" (\"customer_id\", \"status\") ");
    await q.query("CREATE TABLE \"claim\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"claim_number\" character varying(24) NOT NULL, \"policy_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"kind\" character varying(40) NOT NULL, \"incident_date\" date NOT NULL, \"reported_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"status\" character varying(14) NOT NULL, \"claimed_amount\" bigint NOT NULL, \"approved_amount\" bigint, \"paid_amount\" bigint, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"fraud_score\" double precision, \"description\" text, \"assigned_adjuster_id\" uuid, \"closed_at\" TIMESTAMP WITH TIME ZONE, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_466b305cc2e591047fa1ce58f81\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_7d4065470cdfca1cab570052f1\" ON \"claim\" (\"claim_number\") ");
    await q.query("CREATE INDEX \"IDX_65c2dc666d8826eb6bc69dcda6\" ON \"claim\" (\"policy_id\") ");
    await q.query("CREATE INDEX \"IDX_27252fe86660107db0acb68f3e\" ON \"claim\" (\"status\") ");
    await q.query("CREATE INDEX \"IDX_70f6fd54f5ec534e6f38de256a\" ON \"claim\" (\"assigned_adjuster_id\") ");
    await q.query("CREATE INDEX \"IDX_claim_customer_incident\" ON \"claim\" (\"customer_id\", \"incident_date\") ");
    await q.query("CREATE INDEX \"IDX_claim_customer_status\" ON \"claim\" (\"customer_id\", \"status\") ");
    await q.query("CREATE TABLE \"claim_event\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"claim_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"from_status\" character varying(14), \"to_status\" character varying(14) NOT NULL, \"actor_id\" uuid, \"note\" text, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d57c5b43e7ecc360d67e0d86b77\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_4fdd49740bbe16a6f6375e6f16\" ON \"claim_event\" (\"customer_id\") ");
    await q.query("CREATE INDEX \"IDX_claim_event_claim_time\" ON \"claim_event\" (\"claim_id\", \"occurred_at\") ");
    await q.query("CREATE TABLE \"consent\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"purpose\" character varying(24) NOT NULL, \"granted\" boolean NOT NULL, \"channel\" character varying(12), \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"recorded_by\" uuid, CONSTRAINT \"PK_9115e8d6b082d4fc46d56134d29\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_consent_customer_purpose_time\" ON \"consent\" (\"customer_id\", \"purpose\", \"recorded_at\") ");
    await q.query("CREATE TABLE \"relationship\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"related_customer_id\" uuid NOT NULL, \"kind\" character varying(12) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_relationship_pair_kind\" UNIQUE (\"customer_id\", \"related_customer_id\", \"kind\"), CONSTRAINT \"PK_67eb56a3f16da3d901a8ae446a6\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_25d41dc478eae278e80cabd0a5\" ON \"relationship\" (\"customer_id\") ");
    await q.query("CREATE INDEX \"IDX_bbe199d0ac467ee641867651e2\" ON \"relationship\" (\"related_customer_id\") ");
    await q.query("CREATE TABLE \"interaction\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"channel\" character varying(12) NOT NULL, \"kind\" character varying(14) NOT NULL, \"direction\" character varying(8) NOT NULL, \"subject\" character varying(200) NOT NULL, \"notes\" text, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"staff_id\" uuid, \"satisfaction\" smallint, \"first_response_at\" TIMESTAMP WITH TIME ZONE, \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"status\" character varying(10) NOT NULL DEFAULT 'OPEN', \"idempotency_key\" character varying(100), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9204371ccb2c9dab5428b406413\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_dda93a072f3571c6cbf6cfcdb6\" ON \"interaction\" (\"staff_id\") ");
    await q.query("CREATE UNIQUE INDEX \"IDX_56c636cace262cb5a02f0456d3\" ON \"interaction\" (\"idempotency_key\") WHERE idempotency_key IS NOT NULL");
    await q.query("CREATE INDEX \"IDX_interaction_time_channel\" ON \"interaction\" (\"occurred_at\", \"channel\") ");
    await q.query("CREATE INDEX \"IDX_interaction_customer_time\" ON \"interaction\" (\"customer_id\", \"occurred_at\") ");
    await q.query("CREATE TABLE \"complaint\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"interaction_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"category\" character varying(40) NOT NULL, \"severity\" character varying(10) NOT NULL, \"status\" character varying(14) NOT NULL, \"received_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"resolution\" text, \"escalation_reason\" text, \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"REL_f95627ac1d0d678cf31cbb3866\" UNIQUE (\"interaction_id\"), CONSTRAINT \"PK_a9c8dbc2ab4988edcc2ff0a7337\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_complaint_status_due\" ON \"complaint\" (\"status\", \"due_at\") ");
    await q.query("CREATE INDEX \"IDX_complaint_customer_status\" ON \"complaint\" (\"customer_id\", \"status\") ");
    await q.query("CREATE TABLE \"coverage\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"kind\" character varying(40) NOT NULL, \"limit_amount\" bigint NOT NULL, \"deductible\" bigint NOT NULL DEFAULT '0', \"currency\" character(3) NOT NULL DEFAULT 'CNY', CONSTRAINT \"PK_e3911843c32676f2d48a6340c53\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_f6f313a8dffbd1af4db047d083\" ON \"coverage\" (\"policy_id\") ");
    await q.query("CREATE INDEX \"IDX_44a2fa249cc0c87d68a1248a4d\" ON \"coverage\" (\"customer_id\") ");
    await q.query("CREATE TABLE \"offer_response\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"product_code\" character varying(32) NOT NULL, \"response\" character varying(10) NOT NULL, \"channel\" character varying(12), \"responded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_8060f51df4304541a5169ad7ff2\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_94028de545153e37250b6370f4\" ON \"offer_response\" (\"product_code\") ");
    await q.query("CREATE INDEX \"IDX_offer_response_customer_time\" ON \"offer_response\" (\"customer_id\", \"responded_at\") ");
    await q.query("CREATE TABLE \"risk_assessment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"assessed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"model_version\" character varying(20) NOT NULL, \"likelihood\" smallint NOT NULL, \"impact\" smallint NOT NULL, \"score\" smallint NOT NULL, \"tier\" character varying(10) NOT NULL, \"factors\" jsonb NOT NULL DEFAULT '[]', \"warnings\" jsonb NOT NULL DEFAULT '[]', \"assessed_by\" uuid, CONSTRAINT \"PK_864a35a16fcb683df546ac6134e\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_2cafd8ce25b52dd3e7af481724\" ON \"risk_assessment\" (\"tier\") ");
    await q.query("CREATE INDEX \"IDX_risk_customer_time\" ON \"risk_assessment\" (\"customer_id\", \"assessed_at\") ");
    await q.query("CREATE TABLE \"segment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(120) NOT NULL, \"description\" text NOT NULL DEFAULT '', \"rule\" jsonb NOT NULL, \"created_by\" uuid, \"version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d648ac58d8e0532689dfb8ad7ef\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"IDX_9e0406598d248857fe96f5e929\" ON \"segment\" (\"name\") ");
    await q.query("ALTER TABLE \"customer\" ADD CONSTRAINT \"FK_27ab0bdcf63d45dbbf8e9c95a6b\" FOREIGN KEY (\"assigned_agent_id\") REFERENCES \"staff_user\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"policy\" ADD CONSTRAINT \"FK_9eec5394d5842e99a833ccede8d\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"policy\" ADD CONSTRAINT \"FK_4427d5db8a097ee4d7460b913b8\" FOREIGN KEY (\"product_code\") REFERENCES \"product\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"claim\" ADD CONSTRAINT \"FK_65c2dc666d8826eb6bc69dcda6e\" FOREIGN KEY (\"policy_id\") REFERENCES \"policy\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"claim\" ADD CONSTRAINT \"FK_cf401d612160bc87b8e7f411d94\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"claim\" ADD CONSTRAINT \"FK_70f6fd54f5ec534e6f38de256a0\" FOREIGN KEY (\"assigned_adjuster_id\") REFERENCES \"staff_user\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"claim_event\" ADD CONSTRAINT \"FK_55c5679d4c86796f421d184b800\" FOREIGN KEY (\"claim_id\") REFERENCES \"claim\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"claim_event\" ADD CONSTRAINT \"FK_4fdd49740bbe16a6f6375e6f166\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"consent\" ADD CONSTRAINT \"FK_651019918a1e67dfdff40ffccf2\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"relationship\" ADD CONSTRAINT \"FK_25d41dc478eae278e80cabd0a55\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"relationship\" ADD CONSTRAINT \"FK_bbe199d0ac467ee641867651e29\" FOREIGN KEY (\"related_customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"interaction\" ADD CONSTRAINT \"FK_eef24a9f959ed87ca6f639c6d20\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"interaction\" ADD CONSTRAINT \"FK_dda93a072f3571c6cbf6cfcdb67\" FOREIGN KEY (\"staff_id\") REFERENCES \"staff_user\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"complaint\" ADD CONSTRAINT \"FK_f95627ac1d0d678cf31cbb3866c\" FOREIGN KEY (\"interaction_id\") REFERENCES \"interaction\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"complaint\" ADD CONSTRAINT \"FK_fc082348156ff3fc4ae28e0209e\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"coverage\" ADD CONSTRAINT \"FK_f6f313a8dffbd1af4db047d083b\" FOREIGN KEY (\"policy_id\") REFERENCES \"policy\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"coverage\" ADD CONSTRAINT \"FK_44a2fa249cc0c87d68a1248a4da\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"offer_response\" ADD CONSTRAINT \"FK_61d2abfc25ba46f3eb1aeb62078\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"offer_response\" ADD CONSTRAINT \"FK_94028de545153e37250b6370f47\" FOREIGN KEY (\"product_code\") REFERENCES \"product\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"risk_assessment\" ADD CONSTRAINT \"FK_f7dafa57c522c6b196e2490b171\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Text search over name, number, e-mail and phone (customers(filter: {search})); the same
    // expression is used by the customer repository so that the index applies.
    await q.query(
      `CREATE INDEX "IDX_customer_search_trgm" ON "customer" USING gin ((full_name || ' ' || customer_number || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')) gin_trgm_ops)`,
    );
    // The access audit is append-only: the database itself refuses changes and deletions.
    await q.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_entry_no_truncate ON "audit_entry"`);
    await q.query(`DROP TRIGGER IF EXISTS audit_entry_append_only ON "audit_entry"`);
    await q.query(`DROP FUNCTION IF EXISTS audit_entry_append_only()`);
    await q.query(`DROP INDEX IF EXISTS "IDX_customer_search_trgm"`);
    await q.query("ALTER TABLE \"risk_assessment\" DROP CONSTRAINT \"FK_f7dafa57c522c6b196e2490b171\"");
    await q.query("ALTER TABLE \"offer_response\" DROP CONSTRAINT \"FK_94028de545153e37250b6370f47\"");
    await q.query("ALTER TABLE \"offer_response\" DROP CONSTRAINT \"FK_61d2abfc25ba46f3eb1aeb62078\"");
    await q.query("ALTER TABLE \"coverage\" DROP CONSTRAINT \"FK_44a2fa249cc0c87d68a1248a4da\"");
    await q.query("ALTER TABLE \"coverage\" DROP CONSTRAINT \"FK_f6f313a8dffbd1af4db047d083b\"");
    await q.query("ALTER TABLE \"complaint\" DROP CONSTRAINT \"FK_fc082348156ff3fc4ae28e0209e\"");
    await q.query("ALTER TABLE \"complaint\" DROP CONSTRAINT \"FK_f95627ac1d0d678cf31cbb3866c\"");
    await q.query("ALTER TABLE \"interaction\" DROP CONSTRAINT \"FK_dda93a072f3571c6cbf6cfcdb67\"");
    await q.query("ALTER TABLE \"interaction\" DROP CONSTRAINT \"FK_eef24a9f959ed87ca6f639c6d20\"");
    await q.query("ALTER TABLE \"relationship\" DROP CONSTRAINT \"FK_bbe199d0ac467ee641867651e29\"");
    await q.query("ALTER TABLE \"relationship\" DROP CONSTRAINT \"FK_25d41dc478eae278e80cabd0a55\"");
    await q.query("ALTER TABLE \"consent\" DROP CONSTRAINT \"FK_651019918a1e67dfdff40ffccf2\"");
    await q.query("ALTER TABLE \"claim_event\" DROP CONSTRAINT \"FK_4fdd49740bbe16a6f6375e6f166\"");
    await q.query("ALTER TABLE \"claim_event\" DROP CONSTRAINT \"FK_55c5679d4c86796f421d184b800\"");
    await q.query("ALTER TABLE \"claim\" DROP CONSTRAINT \"FK_70f6fd54f5ec534e6f38de256a0\"");
    await q.query("ALTER TABLE \"claim\" DROP CONSTRAINT \"FK_cf401d612160bc87b8e7f411d94\"");
    await q.query("ALTER TABLE \"claim\" DROP CONSTRAINT \"FK_65c2dc666d8826eb6bc69dcda6e\"");
    await q.query("ALTER TABLE \"policy\" DROP CONSTRAINT \"FK_4427d5db8a097ee4d7460b913b8\"");
    await q.query("ALTER TABLE \"policy\" DROP CONSTRAINT \"FK_9eec5394d5842e99a833ccede8d\"");
    await q.query("ALTER TABLE \"customer\" DROP CONSTRAINT \"FK_27ab0bdcf63d45dbbf8e9c95a6b\"");
    await q.query("DROP INDEX \"public\".\"IDX_9e0406598d248857fe96f5e929\"");
    await q.query("DROP TABLE \"segment\"");
    await q.query("DROP INDEX \"public\".\"IDX_risk_customer_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_2cafd8ce25b52dd3e7af481724\"");
    await q.query("DROP TABLE \"risk_assessment\"");
    await q.query("DROP INDEX \"public\".\"IDX_offer_response_customer_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_94028de545153e37250b6370f4\"");
    await q.query("DROP TABLE \"offer_response\"");
    await q.query("DROP INDEX \"public\".\"IDX_44a2fa249cc0c87d68a1248a4d\"");
    await q.query("DROP INDEX \"public\".\"IDX_f6f313a8dffbd1af4db047d083\"");
    await q.query("DROP TABLE \"coverage\"");
    await q.query("DROP INDEX \"public\".\"IDX_complaint_customer_status\"");
    await q.query("DROP INDEX \"public\".\"IDX_complaint_status_due\"");
    await q.query("DROP TABLE \"complaint\"");
    await q.query("DROP INDEX \"public\".\"IDX_interaction_customer_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_interaction_time_channel\"");
    await q.query("DROP INDEX \"public\".\"IDX_56c636cace262cb5a02f0456d3\"");
    await q.query("DROP INDEX \"public\".\"IDX_dda93a072f3571c6cbf6cfcdb6\"");
    await q.query("DROP TABLE \"interaction\"");
    await q.query("DROP INDEX \"public\".\"IDX_bbe199d0ac467ee641867651e2\"");
    await q.query("DROP INDEX \"public\".\"IDX_25d41dc478eae278e80cabd0a5\"");
    await q.query("DROP TABLE \"relationship\"");
    await q.query("DROP INDEX \"public\".\"IDX_consent_customer_purpose_time\"");
    await q.query("DROP TABLE \"consent\"");
    await q.query("DROP INDEX \"public\".\"IDX_claim_event_claim_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_4fdd49740bbe16a6f6375e6f16\"");
    await q.query("DROP TABLE \"claim_event\"");
    await q.query("DROP INDEX \"public\".\"IDX_claim_customer_status\"");
    await q.query("DROP INDEX \"public\".\"IDX_claim_customer_incident\"");
    await q.query("DROP INDEX \"public\".\"IDX_70f6fd54f5ec534e6f38de256a\"");
    await q.query("DROP INDEX \"public\".\"IDX_27252fe86660107db0acb68f3e\"");
    await q.query("DROP INDEX \"public\".\"IDX_65c2dc666d8826eb6bc69dcda6\"");
    await q.query("DROP INDEX \"public\".\"IDX_7d4065470cdfca1cab570052f1\"");
    await q.query("DROP TABLE \"claim\"");
    await q.query("DROP INDEX \"public\".\"IDX_policy_customer_status\"");
    await q.query("DROP INDEX \"public\".\"IDX_policy_status_renewal\"");
    await q.query("DROP INDEX \"public\".\"IDX_4427d5db8a097ee4d7460b913b\"");
    await q.query("DROP INDEX \"public\".\"IDX_cad1e51f8fb97d8befbc77463c\"");
    await q.query("DROP TABLE \"policy\"");
    await q.query("DROP TABLE \"product\"");
    await q.query("DROP INDEX \"public\".\"IDX_customer_agent_name\"");
    await q.query("DROP INDEX \"public\".\"IDX_542e54d042b1388b615f7434d2\"");
    await q.query("DROP INDEX \"public\".\"IDX_27ab0bdcf63d45dbbf8e9c95a6\"");
    await q.query("DROP INDEX \"public\".\"IDX_e8acaba692c775271a830954c1\"");
    await q.query("DROP INDEX \"public\".\"IDX_a09fd410f7533d49a2c7a5b116\"");
    await q.query("DROP INDEX \"public\".\"IDX_079168bd23a6eefaaddbf71fbb\"");
    await q.query("DROP INDEX \"public\".\"IDX_547ae6ce72f8d77640b8601336\"");
    await q.query("DROP TABLE \"customer\"");
    await q.query("DROP INDEX \"public\".\"IDX_audit_customer_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_audit_actor_time\"");
    await q.query("DROP INDEX \"public\".\"IDX_9d18bd4a32fc0cd8ff82b12037\"");
    await q.query("DROP TABLE \"audit_entry\"");
    await q.query("DROP INDEX \"public\".\"IDX_5b021acaebf628d940d8ad2476\"");
    await q.query("DROP TABLE \"staff_user\"");
  }
}
