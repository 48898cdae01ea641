\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- pg_dump keeps every table's rows and every sequence's position.  Seeded
-- rows come back through merge_builtin_row(), restored appeals through the
-- unlabelled-insert path of the guard and journal triggers.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.region', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.channel', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_kind', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.theme', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.setting', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_template', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body_grant', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.secret', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.applicant', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_event', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rating', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.intake', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_year', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_day', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.regional_holiday', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_policy', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_policy_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.applicant_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.theme_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_template_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rating_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.intake_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.routing_rule', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.routing_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_model', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_class', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_feature', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.keyword_rule', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_model_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.keyword_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.problem', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.problem_id_seq', '');
