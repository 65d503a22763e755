#!/usr/bin/env bash
# The portal's three database roles, as src/platform/db/roles.ts bootstrapRoles() makes them in
# development: the owner owns the database and its public schema and runs the migrations;
# okienko_app (web requests) and okienko_worker (background jobs) own nothing, are not
# superusers and cannot bypass row-level security.
#
# The postgres image runs this once, when it initialises an empty data volume, after creating
# POSTGRES_DB. It is idempotent (an existing role gets its attributes and password set again),
# so it can also be run by hand: docs/operations.md. psql connects as libpq is told to
# (PGHOST, PGPORT, …): the image's temporary local server here, any server elsewhere.
# Role names are fixed: the migrations grant to okienko_app and okienko_worker by name.
set -eo pipefail

: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}"
: "${OKIENKO_OWNER_PASSWORD:?set OKIENKO_OWNER_PASSWORD}"
: "${OKIENKO_APP_PASSWORD:?set OKIENKO_APP_PASSWORD}"
: "${OKIENKO_WORKER_PASSWORD:?set OKIENKO_WORKER_PASSWORD}"

# Passwords and the database name reach SQL only as psql variables (:'name' quotes a literal,
# :"name" an identifier), never spliced into the text. DO blocks cannot see psql variables,
# hence \gexec to run CREATE or ALTER as the role's existence decides.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$OKIENKO_OWNER_PASSWORD" \
  -v app_password="$OKIENKO_APP_PASSWORD" \
  -v worker_password="$OKIENKO_WORKER_PASSWORD" \
  -v database="$POSTGRES_DB" <<'SQL'
SELECT format('%s ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L',
              CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN 'ALTER' ELSE 'CREATE' END,
              name, password)
  FROM (VALUES ('okienko_owner', :'owner_password'),
               ('okienko_app', :'app_password'),
               ('okienko_worker', :'worker_password')) AS roles(name, password)
\gexec

ALTER DATABASE :"database" OWNER TO okienko_owner;
ALTER SCHEMA public OWNER TO okienko_owner;
GRANT CONNECT ON DATABASE :"database" TO okienko_app, okienko_worker;
SQL
