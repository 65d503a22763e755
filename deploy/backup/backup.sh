#!/usr/bin/env bash
# One backup of the portal's database: pg_dump's custom format (compressed; pg_restore can
# pick tables and restore in parallel), written under a temporary name and renamed when
# complete, so a half-written dump never looks like a backup. Dumps older than
# BACKUP_KEEP_DAYS are deleted. Connects as libpq is told (PGHOST, PGUSER, PGPASSWORD,
# PGDATABASE) and must be a superuser: row-level security is forced on the tenant tables,
# so even their owner would dump only the rows of no tenant, and pg_dump refuses that.
# docs/operations.md, Backups.
set -euo pipefail
# A dump holds every tenant's personal data: readable by its owner only.
umask 077

: "${PGDATABASE:?set PGDATABASE}"
dir="${BACKUP_DIR:?set BACKUP_DIR}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
mkdir -p "$dir"
chmod 700 "$dir"

file="$dir/$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --file="$file.partial" "$PGDATABASE"
mv "$file.partial" "$file"
echo "backup written: $file"

find "$dir" -maxdepth 1 -name "$PGDATABASE-*.dump" -mtime +"$keep_days" -print -delete
