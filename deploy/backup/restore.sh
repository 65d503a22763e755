#!/usr/bin/env bash
# Restores a dump written by backup.sh into a database that must not exist yet: restoring
# over live data is never what a tired operator meant, so dropping the old one is a separate,
# explicit step. The roles are cluster-wide and not in the dump; they must exist (on a new
# server: deploy/postgres/init-roles.sh). Connects as a superuser, as libpq is told
# (PGHOST, PGUSER, PGPASSWORD). docs/operations.md, Restoring.
set -euo pipefail

dump="${1:?usage: restore.sh DUMP_FILE DATABASE}"
database="${2:?usage: restore.sh DUMP_FILE DATABASE}"

createdb --maintenance-db=postgres --owner=okienko_owner "$database"
# One transaction: a failed restore leaves an empty database, never half a portal.
pg_restore --exit-on-error --single-transaction --dbname="$database" "$dump"
# Database-level grants live outside the dump (as in init-roles.sh).
psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --dbname="$database" -v database="$database" <<'SQL'
GRANT CONNECT ON DATABASE :"database" TO okienko_app, okienko_worker;
SQL
echo "restored $dump into $database"
