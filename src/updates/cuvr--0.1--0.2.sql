\echo Use "ALTER EXTENSION cuvr UPDATE TO '0.2'" to load this file. \quit

-- cuvr 0.1 -> 0.2.  Every change made to src/sql/ after 0.1 is repeated
-- here, so that an updated catalog equals a fresh 0.2 install
-- (test/tap/upgrade.t compares them object by object).
