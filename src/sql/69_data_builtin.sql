\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Everything seeded so far ships with the extension.
UPDATE @extschema@.region SET builtin = true;
UPDATE @extschema@.channel SET builtin = true;
UPDATE @extschema@.appeal_kind SET builtin = true;
UPDATE @extschema@.theme SET builtin = true;
UPDATE @extschema@.category SET builtin = true;
UPDATE @extschema@.setting SET builtin = true;
UPDATE @extschema@.answer_template SET builtin = true;
UPDATE @extschema@.secret SET builtin = true;
UPDATE @extschema@.deadline_policy SET builtin = true;
UPDATE @extschema@.regional_holiday SET builtin = true;
UPDATE @extschema@.calendar_year SET builtin = true;
UPDATE @extschema@.calendar_day SET builtin = true;
