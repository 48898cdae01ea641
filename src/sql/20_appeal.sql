\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Transactional tables.  Each carries region_code first in its primary key so
-- that the schema can later be partitioned or distributed by region.

-- Applicants' personal data (152-ФЗ), stored apart from the appeals.
CREATE TABLE @extschema@.applicant (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint NOT NULL,
    name text,
    email text,
    phone text,
    esia_id text,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    forgotten_at timestamptz,
    PRIMARY KEY (region_code, id)
);
CREATE SEQUENCE @extschema@.applicant_id_seq;
CREATE INDEX applicant_esia_id ON @extschema@.applicant (region_code, esia_id) WHERE esia_id IS NOT NULL;
CREATE INDEX applicant_email ON @extschema@.applicant (region_code, email) WHERE email IS NOT NULL;
CREATE INDEX applicant_phone ON @extschema@.applicant (region_code, phone) WHERE phone IS NOT NULL;
COMMENT ON TABLE @extschema@.applicant IS
    'personal data of applicants (152-ФЗ): readable by cuvr_operator and cuvr_admin only';
COMMENT ON SEQUENCE @extschema@.applicant_id_seq IS 'applicant identifiers';
COMMENT ON INDEX @extschema@.applicant_esia_id IS 'finds a returning applicant by ESIA id';
COMMENT ON INDEX @extschema@.applicant_email IS 'finds a returning applicant by e-mail';
COMMENT ON INDEX @extschema@.applicant_phone IS 'finds a returning applicant by phone';
COMMENT ON COLUMN @extschema@.applicant.region_code IS 'region of the appeal that brought the applicant';
COMMENT ON COLUMN @extschema@.applicant.id IS 'applicant identifier';
COMMENT ON COLUMN @extschema@.applicant.name IS 'full name (ФИО)';
COMMENT ON COLUMN @extschema@.applicant.email IS 'e-mail, lower case';
COMMENT ON COLUMN @extschema@.applicant.phone IS 'phone, digits with leading +';
COMMENT ON COLUMN @extschema@.applicant.esia_id IS 'ESIA (Госуслуги) account id';
COMMENT ON COLUMN @extschema@.applicant.forgotten_at IS 'when cuvr.forget_applicant() erased this person''s data (152-ФЗ); the row stays without data';
COMMENT ON COLUMN @extschema@.applicant.created_at IS 'when the applicant was first seen';

-- SimHash signatures of appeal texts (C, simhash.c), for mass appeals.
CREATE FUNCTION @extschema@.text_signature(text text) RETURNS bigint
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_text_signature';
COMMENT ON FUNCTION @extschema@.text_signature(text) IS
    'SimHash signature (64 bits) of the Snowball stems and stem pairs of a text; similar texts differ in few bits; NULL without stems';
CREATE FUNCTION @extschema@.signature_distance(a bigint, b bigint) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_distance';
COMMENT ON FUNCTION @extschema@.signature_distance(bigint, bigint) IS 'number of bits in which two text signatures differ (0-64)';
CREATE FUNCTION @extschema@.signature_keys(signature bigint, category_id integer, territory @extschema@.oktmo,
                                           received_at timestamptz)
RETURNS integer[]
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_keys';
COMMENT ON FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo, timestamptz) IS
    'the four 16-bit bands of a signature mixed with a category, a territory and the day of receipt (UTC): near-duplicates within 3 bits share one, so a GIN index finds candidates of that category, territory and day';
-- The keys to look for: a signature's dated keys on every day of a window,
-- so that the search reads the window's appeals only, however long the
-- history is.
CREATE FUNCTION @extschema@.signature_probe(signature bigint, category_id integer, territory @extschema@.oktmo,
                                            from_time timestamptz, to_time timestamptz)
RETURNS integer[]
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_probe';
COMMENT ON FUNCTION @extschema@.signature_probe(bigint, integer, @extschema@.oktmo, timestamptz, timestamptz) IS
    'the keys of cuvr.signature_keys() for every day from from_time to to_time (at most 367 days): overlap (&&) with them finds near-duplicate candidates received in that window';

-- Mass appeals: near-duplicate appeals on one category and territory group
-- into one problem.
CREATE TABLE @extschema@.problem (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint GENERATED ALWAYS AS IDENTITY,
    category_id integer REFERENCES @extschema@.category (id),
    territory @extschema@.oktmo,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (region_code, id)
);
COMMENT ON TABLE @extschema@.problem IS
    'mass appeals: a problem groups near-duplicate appeals (same category and territory, similar text, within mass_window)';
COMMENT ON COLUMN @extschema@.problem.region_code IS 'region';
COMMENT ON COLUMN @extschema@.problem.id IS 'problem id';
COMMENT ON COLUMN @extschema@.problem.category_id IS 'category of its appeals';
COMMENT ON COLUMN @extschema@.problem.territory IS 'OKTMO territory of its appeals';
COMMENT ON COLUMN @extschema@.problem.created_at IS 'when the group reached mass_min_group appeals';

CREATE SEQUENCE @extschema@.appeal_seq MAXVALUE 999999999999;
COMMENT ON SEQUENCE @extschema@.appeal_seq IS
    'serial part of appeal ids and registration numbers';

CREATE TABLE @extschema@.appeal (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint NOT NULL,
    reg_number text NOT NULL UNIQUE,
    source text NOT NULL,
    external_id text NOT NULL,
    channel text NOT NULL REFERENCES @extschema@.channel (code),
    kind text NOT NULL REFERENCES @extschema@.appeal_kind (code),
    status text NOT NULL CHECK (status IN ('registered', 'triage', 'assigned', 'in_progress',
                                           'answered', 'escalated', 'closed', 'rejected')),
    body_id integer REFERENCES @extschema@.body (id),
    category_id integer REFERENCES @extschema@.category (id),
    category_confirmed boolean NOT NULL DEFAULT false,
    category_confidence double precision CHECK (category_confidence BETWEEN 0 AND 1),
    classified_by text CHECK (classified_by IN ('source', 'person', 'model', 'keyword')),
    accused_body_id integer REFERENCES @extschema@.body (id),
    applicant_id bigint,
    subject text,
    text text NOT NULL,
    address text,
    territory @extschema@.oktmo,
    lat double precision CHECK (lat BETWEEN -90 AND 90),
    lon double precision CHECK (lon BETWEEN -180 AND 180),
    expedited boolean NOT NULL DEFAULT false,
    tok @extschema@.tok_code,
    received_at timestamptz NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    due_at timestamptz,
    due_at_supplied boolean NOT NULL DEFAULT false,
    due_estimated boolean NOT NULL DEFAULT false,
    term_started_at timestamptz,
    first_response_due_at timestamptz,
    near_due_at timestamptz,
    overdue_at timestamptz,
    extended_at timestamptz,
    answered_at timestamptz,
    response_working_days integer,
    closed_at timestamptz,
    escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
    manual_control boolean NOT NULL DEFAULT false,
    repeat_of bigint,
    signature bigint,
    problem_id bigint,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_by name NOT NULL DEFAULT CURRENT_USER,
    PRIMARY KEY (region_code, id),
    UNIQUE (source, external_id),
    FOREIGN KEY (region_code, applicant_id)
        REFERENCES @extschema@.applicant (region_code, id) ON DELETE SET NULL (applicant_id),
    FOREIGN KEY (region_code, repeat_of) REFERENCES @extschema@.appeal (region_code, id),
    FOREIGN KEY (region_code, problem_id) REFERENCES @extschema@.problem (region_code, id),
    -- The id embeds the region, so ids never collide when regions merge.
    CHECK (id / 1000000000000000 = region_code)
);
CREATE INDEX appeal_body_status ON @extschema@.appeal (body_id, status);
CREATE INDEX appeal_status ON @extschema@.appeal (region_code, status) WHERE status NOT IN ('closed', 'rejected');
-- The repeat-appeal lookup probes one applicant's latest appeal on a
-- category, and on a ТОК code, without reading the applicant's others.
CREATE INDEX appeal_applicant ON @extschema@.appeal (region_code, applicant_id, category_id, registered_at, id)
    WHERE applicant_id IS NOT NULL;
CREATE INDEX appeal_applicant_tok ON @extschema@.appeal (region_code, applicant_id, tok, registered_at, id)
    WHERE applicant_id IS NOT NULL AND tok IS NOT NULL;
CREATE INDEX appeal_registered_at ON @extschema@.appeal (region_code, registered_at);
CREATE INDEX appeal_signature ON @extschema@.appeal
    USING gin (@extschema@.signature_keys(signature, category_id, territory, received_at))
    WITH (fastupdate = off)  -- every registration searches it: no pending list to scan
    WHERE signature IS NOT NULL;
CREATE INDEX appeal_problem ON @extschema@.appeal (region_code, problem_id) WHERE problem_id IS NOT NULL;
CREATE INDEX appeal_open_due ON @extschema@.appeal (due_at)
    WHERE status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated') AND overdue_at IS NULL;
COMMENT ON TABLE @extschema@.appeal IS
    'appeals (обращения, сообщения, жалобы): one row each, without personal data; change them through the lifecycle functions';
COMMENT ON INDEX @extschema@.appeal_body_status IS 'work queues of a body';
COMMENT ON INDEX @extschema@.appeal_status IS 'open appeals by status';
COMMENT ON INDEX @extschema@.appeal_applicant IS 'appeals of one applicant, by category (repeat appeals)';
COMMENT ON INDEX @extschema@.appeal_applicant_tok IS 'appeals of one applicant, by ТОК code (repeat appeals)';
COMMENT ON INDEX @extschema@.appeal_registered_at IS 'appeals by registration time';
COMMENT ON INDEX @extschema@.appeal_signature IS 'near-duplicate candidates: appeals of one category, territory and day of receipt sharing a signature band';
COMMENT ON INDEX @extschema@.appeal_problem IS 'appeals of a problem';
COMMENT ON INDEX @extschema@.appeal_open_due IS 'open appeals not yet found overdue, by deadline: the maintenance run''s work list';
COMMENT ON COLUMN @extschema@.appeal.region_code IS 'region the appeal belongs to';
COMMENT ON COLUMN @extschema@.appeal.id IS 'appeal id, unique across regions: region * 10^15 + node * 10^12 + serial';
COMMENT ON COLUMN @extschema@.appeal.reg_number IS 'human registration number: RR-YY-NNNNNNN (region, year, serial)';
COMMENT ON COLUMN @extschema@.appeal.source IS 'system that sent the appeal; with external_id the idempotency key';
COMMENT ON COLUMN @extschema@.appeal.external_id IS 'the appeal''s id in the source system';
COMMENT ON COLUMN @extschema@.appeal.channel IS 'channel (канал) the appeal came by';
COMMENT ON COLUMN @extschema@.appeal.kind IS 'kind: appeal, message, complaint, proposal, request';
COMMENT ON COLUMN @extschema@.appeal.status IS 'registered, triage, assigned, in_progress, answered, escalated, closed or rejected';
COMMENT ON COLUMN @extschema@.appeal.body_id IS 'body responsible now';
COMMENT ON COLUMN @extschema@.appeal.category_id IS 'category of the problem';
COMMENT ON COLUMN @extschema@.appeal.category_confirmed IS 'the category came from the source or a person confirmed it (a training label)';
COMMENT ON COLUMN @extschema@.appeal.category_confidence IS 'confidence of the category: 1 when the source or a person gave it';
COMMENT ON COLUMN @extschema@.appeal.classified_by IS 'who set the category: source, person, model (the classifier) or keyword (a keyword rule)';
COMMENT ON COLUMN @extschema@.appeal.accused_body_id IS 'body the complaint is about: never routed to it (59-ФЗ ст. 8 ч. 6)';
COMMENT ON COLUMN @extschema@.appeal.applicant_id IS 'applicant in cuvr.applicant; NULL for anonymous or erased';
COMMENT ON COLUMN @extschema@.appeal.subject IS 'subject line';
COMMENT ON COLUMN @extschema@.appeal.text IS 'text of the appeal';
COMMENT ON COLUMN @extschema@.appeal.address IS 'address of the problem (not the applicant''s)';
COMMENT ON COLUMN @extschema@.appeal.territory IS 'OKTMO code of the problem''s territory (8 or 11 digits)';
COMMENT ON COLUMN @extschema@.appeal.lat IS 'latitude of the problem';
COMMENT ON COLUMN @extschema@.appeal.lon IS 'longitude of the problem';
COMMENT ON COLUMN @extschema@.appeal.expedited IS 'expedited consideration (ускоренный порядок)';
COMMENT ON COLUMN @extschema@.appeal.tok IS 'ТОК code (типовой общероссийский тематический классификатор)';
COMMENT ON COLUMN @extschema@.appeal.received_at IS 'when the source received the appeal';
COMMENT ON COLUMN @extschema@.appeal.registered_at IS 'when cuvr registered the appeal';
COMMENT ON COLUMN @extschema@.appeal.due_at IS 'deadline instant; on time iff answered_at <= due_at';
COMMENT ON COLUMN @extschema@.appeal.due_at_supplied IS 'the source supplied due_at; cuvr keeps it';
COMMENT ON COLUMN @extschema@.appeal.due_estimated IS 'due_at was computed across a year with no production calendar loaded (Labour Code fallback)';
COMMENT ON COLUMN @extschema@.appeal.term_started_at IS 'when the current term started: registration, redirect or escalation';
COMMENT ON COLUMN @extschema@.appeal.first_response_due_at IS 'deadline of the first response (social networks: 8 working hours by default)';
COMMENT ON COLUMN @extschema@.appeal.near_due_at IS 'when cuvr.run_maintenance() found the appeal near its deadline';
COMMENT ON COLUMN @extschema@.appeal.overdue_at IS 'when cuvr.run_maintenance() found the appeal past its deadline';
COMMENT ON COLUMN @extschema@.appeal.extended_at IS 'when the one allowed extension (59-ФЗ ст. 12) was made';
COMMENT ON COLUMN @extschema@.appeal.answered_at IS 'when the latest answer was given';
COMMENT ON COLUMN @extschema@.appeal.response_working_days IS 'working days from registration to the latest answer, on the production calendar of the answer''s time';
COMMENT ON COLUMN @extschema@.appeal.closed_at IS 'when the appeal was closed or rejected';
COMMENT ON COLUMN @extschema@.appeal.escalation_level IS 'how many times the appeal went up to a higher body';
COMMENT ON COLUMN @extschema@.appeal.manual_control IS 'escalated past the top of the tree or the depth limit: on manual control at the coordinating ЦУР';
COMMENT ON COLUMN @extschema@.appeal.repeat_of IS 'the earlier appeal of the same applicant on the same category or ТОК code within repeat_window (ССТУ «Повторное»)';
COMMENT ON COLUMN @extschema@.appeal.signature IS 'SimHash signature of the text (cuvr.text_signature), for finding near-duplicates';
COMMENT ON COLUMN @extschema@.appeal.problem_id IS 'the mass problem this appeal is one of, if any';
COMMENT ON COLUMN @extschema@.appeal.version IS 'row version, raised by every change';
COMMENT ON COLUMN @extschema@.appeal.updated_at IS 'time of the latest change';
COMMENT ON COLUMN @extschema@.appeal.updated_by IS 'role that made the latest change';

-- The append-only history: who, when, what, from -> to.
CREATE TABLE @extschema@.appeal_event (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor name NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text,
    from_body integer,
    to_body integer,
    note text,
    ref bigint,
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id)
);
CREATE INDEX appeal_event_appeal ON @extschema@.appeal_event (region_code, appeal_id, id);
COMMENT ON TABLE @extschema@.appeal_event IS
    'append-only history of every appeal: who, when, what, from -> to; written by the journal trigger only';
COMMENT ON INDEX @extschema@.appeal_event_appeal IS 'history of one appeal in order';
COMMENT ON COLUMN @extschema@.appeal_event.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.appeal_event.id IS 'event id, increasing';
COMMENT ON COLUMN @extschema@.appeal_event.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.appeal_event.at IS 'transaction time of the change';
COMMENT ON COLUMN @extschema@.appeal_event.actor IS 'role that made the change (the caller, also through SECURITY DEFINER functions)';
COMMENT ON COLUMN @extschema@.appeal_event.action IS 'register, assign, redirect, take, extend, answer, rate, reclassify, close, reject or update';
COMMENT ON COLUMN @extschema@.appeal_event.from_status IS 'status before';
COMMENT ON COLUMN @extschema@.appeal_event.to_status IS 'status after';
COMMENT ON COLUMN @extschema@.appeal_event.from_body IS 'responsible body before';
COMMENT ON COLUMN @extschema@.appeal_event.to_body IS 'responsible body after';
COMMENT ON COLUMN @extschema@.appeal_event.note IS 'reason or comment given with the action';
COMMENT ON COLUMN @extschema@.appeal_event.ref IS 'id of the answer or rating the action created';

CREATE TABLE @extschema@.answer (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    body_id integer REFERENCES @extschema@.body (id),
    text text NOT NULL CHECK (text OPERATOR(pg_catalog.<>) ''),
    result text NOT NULL CHECK (result IN ('supported', 'measures_taken', 'not_supported', 'explained')),
    answered_at timestamptz NOT NULL,
    due_at timestamptz,
    working_days integer,
    answered_by name NOT NULL,
    template_id integer REFERENCES @extschema@.answer_template (id),
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id)
);
CREATE INDEX answer_appeal ON @extschema@.answer (region_code, appeal_id, id);
COMMENT ON TABLE @extschema@.answer IS 'answers to appeals; an appeal re-processed after escalation gets another';
COMMENT ON INDEX @extschema@.answer_appeal IS 'answers of one appeal in order';
COMMENT ON COLUMN @extschema@.answer.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.answer.id IS 'answer id';
COMMENT ON COLUMN @extschema@.answer.appeal_id IS 'appeal answered';
COMMENT ON COLUMN @extschema@.answer.body_id IS 'body that answered';
COMMENT ON COLUMN @extschema@.answer.text IS 'text of the answer';
COMMENT ON COLUMN @extschema@.answer.result IS 'result (ССТУ): supported, measures_taken, not_supported, explained';
COMMENT ON COLUMN @extschema@.answer.answered_at IS 'when the answer was given';
COMMENT ON COLUMN @extschema@.answer.due_at IS 'deadline of the appeal in force when the answer was given: the answer is on time iff answered_at <= due_at';
COMMENT ON COLUMN @extschema@.answer.working_days IS 'working days from registration of the appeal to this answer, on the region''s production calendar';
COMMENT ON COLUMN @extschema@.answer.answered_by IS 'role that answered';
COMMENT ON COLUMN @extschema@.answer.template_id IS 'answer template the answer was written from, if any';

CREATE TABLE @extschema@.rating (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    answer_id bigint NOT NULL,
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment text,
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, id),
    UNIQUE (region_code, answer_id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id),
    FOREIGN KEY (region_code, answer_id) REFERENCES @extschema@.answer (region_code, id)
);
CREATE INDEX rating_appeal ON @extschema@.rating (region_code, appeal_id);
COMMENT ON TABLE @extschema@.rating IS 'applicants'' 1-5 ratings of answers (оценка удовлетворенности): one per answer';
COMMENT ON INDEX @extschema@.rating_appeal IS 'ratings of one appeal';
COMMENT ON COLUMN @extschema@.rating.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.rating.id IS 'rating id';
COMMENT ON COLUMN @extschema@.rating.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.rating.answer_id IS 'answer rated';
COMMENT ON COLUMN @extschema@.rating.score IS 'score 1 (worst) to 5 (best)';
COMMENT ON COLUMN @extschema@.rating.comment IS 'applicant''s comment';
COMMENT ON COLUMN @extschema@.rating.rated_at IS 'when the applicant rated';

-- Transactional outbox of status changes for external delivery.
CREATE TABLE @extschema@.outbox (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    event_id bigint NOT NULL,
    recipient_kind text NOT NULL CHECK (recipient_kind IN ('source', 'body', 'applicant')),
    recipient text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    claimed_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    delivered_at timestamptz,
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, event_id) REFERENCES @extschema@.appeal_event (region_code, id)
);
CREATE INDEX outbox_pending ON @extschema@.outbox (id) WHERE delivered_at IS NULL;
COMMENT ON TABLE @extschema@.outbox IS
    'notifications to deliver: written in the same transaction as the change; fetch with cuvr.outbox_fetch(), confirm with cuvr.outbox_ack()';
COMMENT ON INDEX @extschema@.outbox_pending IS 'undelivered notifications in order';
COMMENT ON COLUMN @extschema@.outbox.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.outbox.id IS 'notification id, increasing';
COMMENT ON COLUMN @extschema@.outbox.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.outbox.event_id IS 'event in cuvr.appeal_event';
COMMENT ON COLUMN @extschema@.outbox.recipient_kind IS 'source (the system that sent the appeal), body or applicant';
COMMENT ON COLUMN @extschema@.outbox.recipient IS 'source name, body id or applicant id; contacts are resolved at delivery';
COMMENT ON COLUMN @extschema@.outbox.payload IS 'JSON without personal data: appeal, number, action, statuses, body, deadline';
COMMENT ON COLUMN @extschema@.outbox.created_at IS 'when the notification was written';
COMMENT ON COLUMN @extschema@.outbox.claimed_at IS 'when a deliverer last fetched it';
COMMENT ON COLUMN @extschema@.outbox.attempts IS 'how many times it was fetched';
COMMENT ON COLUMN @extschema@.outbox.delivered_at IS 'when delivery was confirmed';

-- Bulk intake.  Every column is text so that COPY never fails on a bad value:
-- each row is parsed by cuvr.register_appeal() and either becomes an appeal
-- (and leaves this table) or stays here with its error.
CREATE TABLE @extschema@.intake (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source text,
    external_id text,
    region text,
    channel text,
    kind text,
    text text,
    subject text,
    received_at text,
    territory text,
    address text,
    lat text,
    lon text,
    expedited text,
    category text,
    tok text,
    due_at text,
    applicant_name text,
    applicant_email text,
    applicant_phone text,
    applicant_esia_id text,
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    loaded_by name NOT NULL DEFAULT CURRENT_USER,
    error text,
    error_sqlstate text,
    error_detail text
);
COMMENT ON TABLE @extschema@.intake IS
    'bulk intake: COPY rows in; each becomes an appeal through cuvr.register_appeal(), or stays here with its error';
COMMENT ON COLUMN @extschema@.intake.id IS 'row id';
COMMENT ON COLUMN @extschema@.intake.source IS 'payload key source';
COMMENT ON COLUMN @extschema@.intake.external_id IS 'payload key external_id';
COMMENT ON COLUMN @extschema@.intake.region IS 'payload key region';
COMMENT ON COLUMN @extschema@.intake.channel IS 'payload key channel';
COMMENT ON COLUMN @extschema@.intake.kind IS 'payload key kind';
COMMENT ON COLUMN @extschema@.intake.text IS 'payload key text';
COMMENT ON COLUMN @extschema@.intake.subject IS 'payload key subject';
COMMENT ON COLUMN @extschema@.intake.received_at IS 'payload key received_at';
COMMENT ON COLUMN @extschema@.intake.territory IS 'payload key territory';
COMMENT ON COLUMN @extschema@.intake.address IS 'payload key address';
COMMENT ON COLUMN @extschema@.intake.lat IS 'payload key lat';
COMMENT ON COLUMN @extschema@.intake.lon IS 'payload key lon';
COMMENT ON COLUMN @extschema@.intake.expedited IS 'payload key expedited';
COMMENT ON COLUMN @extschema@.intake.category IS 'payload key category';
COMMENT ON COLUMN @extschema@.intake.tok IS 'payload key tok';
COMMENT ON COLUMN @extschema@.intake.due_at IS 'payload key due_at';
COMMENT ON COLUMN @extschema@.intake.applicant_name IS 'payload key applicant.name (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_email IS 'payload key applicant.email (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_phone IS 'payload key applicant.phone (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_esia_id IS 'payload key applicant.esia_id (personal data)';
COMMENT ON COLUMN @extschema@.intake.loaded_at IS 'when the row was loaded';
COMMENT ON COLUMN @extschema@.intake.loaded_by IS 'role that loaded the row';
COMMENT ON COLUMN @extschema@.intake.error IS 'why the row was rejected';
COMMENT ON COLUMN @extschema@.intake.error_sqlstate IS 'SQLSTATE of the rejection';
COMMENT ON COLUMN @extschema@.intake.error_detail IS 'detail of the rejection';
