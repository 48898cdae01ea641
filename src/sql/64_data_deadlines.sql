\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Deadline policies (59-ФЗ and the ЦУР regulations), settings of the
-- deadline machinery, and examples of fixed-date regional holidays.

INSERT INTO @extschema@.deadline_policy (event, kind, channel, expedited, term, note) VALUES
    ('registration', NULL, NULL, NULL, '3 cd', '59-ФЗ ст. 8 ч. 2: регистрация в течение трёх дней'),
    ('redirect', NULL, NULL, NULL, '7 cd', '59-ФЗ ст. 8 ч. 3: переадресация в течение семи дней'),
    ('document_request', NULL, NULL, NULL, '15 cd', '59-ФЗ ст. 10 ч. 2: ответ на запрос документов в течение 15 дней'),
    ('answer', NULL, NULL, NULL, '30 cd', '59-ФЗ ст. 12 ч. 1: рассмотрение в течение 30 дней'),
    ('answer', NULL, NULL, true, '10 cd', 'ускоренный порядок рассмотрения: 10 календарных дней'),
    ('extension', NULL, NULL, NULL, '30 cd', '59-ФЗ ст. 12 ч. 2: продление не более чем на 30 дней'),
    ('first_response', NULL, 'social_network', NULL, '8 wh', 'первичный ответ на сообщение в социальной сети'),
    ('reprocess', NULL, NULL, NULL, '30 cd', 'повторное рассмотрение вышестоящим органом после негативной оценки'),
    ('reprocess', NULL, NULL, true, '10 cd', 'повторное рассмотрение в ускоренном порядке');

INSERT INTO @extschema@.setting (name, value, description) VALUES
    ('decree_days_move_deadlines', 'true',
     'Whether non-working days declared by presidential decree (2020, 2021) move deadlines like holidays. Courts have read them differently; the production calendars count them as days off. Default true.'),
    ('near_due_share', '0.8',
     'cuvr.run_maintenance() marks an open appeal as near its deadline once this share of its term has passed. Default 0.8.'),
    ('notify_parent_on_overdue', 'false',
     'When an appeal passes its deadline unanswered, also notify the parent of the responsible body. Default false.');

-- Examples of fixed-date regional non-working holidays.  The DBA checks
-- them against the region's current law and maintains the list.
INSERT INTO @extschema@.regional_holiday (region_code, month, day, name, law) VALUES
    (21, 6, 24, 'День Чувашской Республики', 'Закон Чувашской Республики о праздничных днях'),
    (16, 8, 30, 'День Республики Татарстан', 'Закон Республики Татарстан «О праздничных и памятных днях»'),
    (16, 11, 6, 'День Конституции Республики Татарстан', 'Закон Республики Татарстан «О праздничных и памятных днях»'),
    (2, 10, 11, 'День Республики Башкортостан', 'Закон Республики Башкортостан «О праздничных и памятных днях»'),
    (14, 4, 27, 'День Республики Саха (Якутия)', 'Закон Республики Саха (Якутия) о праздниках'),
    (17, 8, 15, 'День Республики Тыва', 'Конституционный закон Республики Тыва о праздниках'),
    (6, 6, 4, 'День образования Республики Ингушетия', 'Закон Республики Ингушетия о праздничных днях');
