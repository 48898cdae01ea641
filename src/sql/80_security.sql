\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Least privilege.  Nothing is granted to PUBLIC.  Each group role gets what
-- its job needs; row-level security (forced) limits executors to the appeals
-- of their bodies and subordinate bodies; only operators and admins read
-- personal data; analysts read only cuvr_bi.

REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA cuvr_bi FROM PUBLIC;

GRANT USAGE ON SCHEMA @extschema@ TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT USAGE ON SCHEMA cuvr_bi TO cuvr_admin, cuvr_operator, cuvr_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA cuvr_bi TO cuvr_admin, cuvr_operator, cuvr_analyst;

-- Reference data: everyone working reads it, admins maintain it.
GRANT SELECT ON @extschema@.region, @extschema@.body, @extschema@.channel, @extschema@.appeal_kind,
                @extschema@.theme, @extschema@.category, @extschema@.setting, @extschema@.answer_template,
                @extschema@.body_grant
   TO cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.region, @extschema@.body, @extschema@.channel,
                @extschema@.appeal_kind, @extschema@.theme, @extschema@.category, @extschema@.setting,
                @extschema@.answer_template, @extschema@.body_grant
   TO cuvr_admin;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.body_id_seq, @extschema@.theme_id_seq,
                @extschema@.category_id_seq, @extschema@.answer_template_id_seq,
                @extschema@.deadline_policy_id_seq
   TO cuvr_admin;
-- Calendars and deadline policies, likewise.
GRANT SELECT ON @extschema@.calendar_year, @extschema@.calendar_day, @extschema@.regional_holiday,
                @extschema@.deadline_policy, @extschema@.routing_rule, @extschema@.keyword_rule,
                @extschema@.classifier_model, @extschema@.classifier_class
   TO cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.calendar_year, @extschema@.calendar_day,
                @extschema@.regional_holiday, @extschema@.deadline_policy, @extschema@.routing_rule,
                @extschema@.keyword_rule, @extschema@.classifier_model, @extschema@.classifier_class,
                @extschema@.classifier_feature
   TO cuvr_admin;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.routing_rule_id_seq, @extschema@.keyword_rule_id_seq,
                @extschema@.classifier_model_id_seq
   TO cuvr_admin;

-- Appeals, answers and ratings are written only by the lifecycle functions
-- (SECURITY DEFINER, see 41_lifecycle.sql); working roles read them under
-- row-level security.  Admins may repair appeals directly; such changes are
-- journalled as "update".
GRANT SELECT ON @extschema@.appeal TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT INSERT ON @extschema@.appeal TO cuvr_admin;
GRANT UPDATE (status, body_id, category_id, category_confirmed, due_at, extended_at, answered_at,
              closed_at, escalation_level)
   ON @extschema@.appeal TO cuvr_admin;

GRANT SELECT, INSERT, UPDATE ON @extschema@.applicant TO cuvr_admin, cuvr_operator;
GRANT SELECT ON @extschema@.appeal_event TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.answer TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.rating TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.outbox TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT UPDATE (claimed_at, attempts, delivered_at) ON @extschema@.outbox TO cuvr_admin, cuvr_integration;
-- Bulk intake.  COPY FROM refuses tables with row-level security, so the
-- intake has none: integrations may only add rows and read their own
-- rejected rows through cuvr.my_intake.
GRANT INSERT ON @extschema@.intake TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT SELECT, UPDATE, DELETE ON @extschema@.intake TO cuvr_admin, cuvr_operator;
GRANT SELECT ON @extschema@.my_intake TO cuvr_admin, cuvr_operator, cuvr_integration;

-- Functions.  Internal helpers (lock_appeal, may_act, label_change, check_body,
-- require_reason, the payload parsers and the hooks) run only inside the
-- SECURITY DEFINER functions and are granted to no one.
GRANT EXECUTE ON FUNCTION
    @extschema@.acting_role(), @extschema@.setting_value(text), @extschema@.appeal_region(bigint),
    @extschema@.acting_bodies(name), @extschema@.render_template(text, bigint),
    @extschema@.coordinator_body(integer)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
-- The term type and deadline arithmetic are for every working role.
GRANT EXECUTE ON FUNCTION
    @extschema@.term(integer, text), @extschema@.term_value(@extschema@.term), @extschema@.term_unit(@extschema@.term),
    @extschema@.term_eq(@extschema@.term, @extschema@.term), @extschema@.term_ne(@extschema@.term, @extschema@.term),
    @extschema@.term_lt(@extschema@.term, @extschema@.term), @extschema@.term_le(@extschema@.term, @extschema@.term),
    @extschema@.term_gt(@extschema@.term, @extschema@.term), @extschema@.term_ge(@extschema@.term, @extschema@.term),
    @extschema@.term_cmp(@extschema@.term, @extschema@.term), @extschema@.term_hash(@extschema@.term),
    @extschema@.term_hash_extended(@extschema@.term, bigint),
    @extschema@.deadline(timestamptz, @extschema@.term, integer),
    @extschema@.due_date(timestamptz, @extschema@.term, smallint), @extschema@.due_date(timestamptz, @extschema@.term, integer),
    @extschema@.add_term(timestamptz, @extschema@.term, smallint), @extschema@.add_term(timestamptz, @extschema@.term, integer),
    @extschema@.is_working_day(date, smallint), @extschema@.is_working_day(date, integer),
    @extschema@.working_days_between(timestamptz, timestamptz, smallint),
    @extschema@.working_days_between(timestamptz, timestamptz, integer),
    @extschema@.policy_term(text, text, text, boolean)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
-- The classifier code types are for every working role.
GRANT EXECUTE ON FUNCTION
    @extschema@.tok_level(@extschema@.tok_code), @extschema@.tok_parent(@extschema@.tok_code),
    @extschema@.tok_code_eq(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_ne(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_lt(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_le(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_gt(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_ge(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_cmp(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_hash(@extschema@.tok_code),
    @extschema@.tok_code_hash_extended(@extschema@.tok_code, bigint),
    @extschema@.tok_code_contains(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_contained_by(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.oktmo_level(@extschema@.oktmo), @extschema@.oktmo_parent(@extschema@.oktmo),
    @extschema@.oktmo_prefix(@extschema@.oktmo), @extschema@.oktmo_region(@extschema@.oktmo),
    @extschema@.oktmo_eq(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_ne(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_lt(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_le(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_gt(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_ge(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_cmp(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_hash(@extschema@.oktmo),
    @extschema@.oktmo_hash_extended(@extschema@.oktmo, bigint),
    @extschema@.oktmo_contains(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_contained_by(@extschema@.oktmo, @extschema@.oktmo)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.run_maintenance(), @extschema@.kpi_merge() TO cuvr_admin, cuvr_operator;
GRANT EXECUTE ON FUNCTION @extschema@.kpi_rebuild() TO cuvr_admin;
GRANT SELECT ON @extschema@.kpi_delta, @extschema@.kpi_rollup, @extschema@.kpi_recomputed, @extschema@.kpi_current,
    @extschema@.kpi_monthly, @extschema@.kpi_monthly_current TO cuvr_admin;
GRANT EXECUTE ON FUNCTION
    @extschema@.matching_rules(smallint, integer, @extschema@.oktmo, text),
    @extschema@.route(smallint, integer, @extschema@.oktmo, text, integer),
    @extschema@.explain_route(bigint)
   TO cuvr_admin, cuvr_operator, cuvr_executor;
GRANT EXECUTE ON FUNCTION @extschema@.classify(text), @extschema@.classify_top(text, integer),
    @extschema@.classify_tokens(text)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.train_classifier() TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.text_signature(text), @extschema@.signature_distance(bigint, bigint),
    @extschema@.signature_keys(bigint, integer, @extschema@.oktmo, timestamptz),
    @extschema@.signature_probe(bigint, integer, @extschema@.oktmo, timestamptz, timestamptz)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.problem TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.load_xmlcalendar(xml, smallint) TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.register_appeal(jsonb), @extschema@.intake_payload(@extschema@.intake),
    @extschema@.rate(bigint, integer, text, timestamptz)
   TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.assign(bigint, integer), @extschema@.reclassify(bigint, text),
    @extschema@.close(bigint, text), @extschema@.reject(bigint, text), @extschema@.intake_retry()
   TO cuvr_admin, cuvr_operator;
GRANT EXECUTE ON FUNCTION @extschema@.redirect(bigint, integer, text), @extschema@.take(bigint),
    @extschema@.extend(bigint, text), @extschema@.answer(bigint, text, text, timestamptz, text)
   TO cuvr_admin, cuvr_operator, cuvr_executor;
GRANT EXECUTE ON FUNCTION @extschema@.grant_body(name, integer), @extschema@.revoke_body(name, integer)
   TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.outbox_fetch(integer), @extschema@.outbox_ack(bigint[])
   TO cuvr_admin, cuvr_integration;

-- Row-level security, forced so that a non-superuser owner is bound too.
ALTER TABLE @extschema@.appeal ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.appeal FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.appeal TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.appeal IS 'ЦУР operators and admins see every appeal (admins may also repair one)';
CREATE POLICY integration_read ON @extschema@.appeal FOR SELECT TO cuvr_integration USING (true);
COMMENT ON POLICY integration_read ON @extschema@.appeal IS 'integrations follow the appeals they deliver';
CREATE POLICY executor_read ON @extschema@.appeal FOR SELECT TO cuvr_executor
    USING (body_id OPERATOR(pg_catalog.=) ANY (coalesce((SELECT @extschema@.acting_bodies()), '{}')));
COMMENT ON POLICY executor_read ON @extschema@.appeal IS 'an executor sees the appeals of its bodies and their subordinate bodies';

ALTER TABLE @extschema@.applicant ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.applicant FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.applicant TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.applicant IS 'only ЦУР operators and admins handle personal data';

ALTER TABLE @extschema@.appeal_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.appeal_event FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.appeal_event FOR SELECT TO cuvr_admin, cuvr_operator, cuvr_integration USING (true);
COMMENT ON POLICY staff ON @extschema@.appeal_event IS 'operators, admins and integrations read every history';
CREATE POLICY executor_read ON @extschema@.appeal_event FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) appeal_event.region_code
                      AND a.id OPERATOR(pg_catalog.=) appeal_event.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.appeal_event IS 'an executor reads the history of the appeals it sees';

ALTER TABLE @extschema@.answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.answer FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.answer FOR SELECT TO cuvr_admin, cuvr_operator USING (true);
COMMENT ON POLICY staff ON @extschema@.answer IS 'operators and admins read every answer';
CREATE POLICY integration_read ON @extschema@.answer FOR SELECT TO cuvr_integration USING (true);
COMMENT ON POLICY integration_read ON @extschema@.answer IS 'integrations deliver answers to applicants';
CREATE POLICY executor_read ON @extschema@.answer FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) answer.region_code
                      AND a.id OPERATOR(pg_catalog.=) answer.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.answer IS 'an executor reads the answers of the appeals it sees';

ALTER TABLE @extschema@.rating ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.rating FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.rating FOR SELECT TO cuvr_admin, cuvr_operator, cuvr_integration USING (true);
COMMENT ON POLICY staff ON @extschema@.rating IS 'operators, admins and integrations read every rating';
CREATE POLICY executor_read ON @extschema@.rating FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) rating.region_code
                      AND a.id OPERATOR(pg_catalog.=) rating.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.rating IS 'an executor reads the ratings of the appeals it sees';

ALTER TABLE @extschema@.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.outbox TO cuvr_admin, cuvr_operator, cuvr_integration USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.outbox IS 'deliverers (integrations) and staff work the outbox';
