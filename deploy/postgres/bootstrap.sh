#!/bin/sh
# Creates Rapport's database and roles once, as a PostgreSQL superuser (what `rapport up` does for its
# embedded server, see server/src/rapport/embedded.py): the owner role runs the migrations and owns
# every table; the app login owns nothing, is neither SUPERUSER nor BYPASSRLS, and reaches the tables
# through the rapport_app group that the migrations grant to. The system login (rapport_sys) has the
# app's grants and is also a member of rapport_system, the one role that the policies let read across
# workspaces (the outbox relay, the sweepers: RAPPORT_DATABASE_SYSTEM_URL); the owner is a member of
# rapport_system too, and of rapport_search (NOLOGIN: it owns the keyword search functions of migration
# 0029, which keep to the workspace in scope themselves). Compose runs it from /docker-entrypoint-initdb.d; on a managed PostgreSQL run it
# once with psql as the admin user (again after an upgrade to 0023 or 0029: it only adds what is missing).
# Needs RAPPORT_OWNER_PASSWORD, RAPPORT_APP_PASSWORD and RAPPORT_SYSTEM_PASSWORD.
set -eu
: "${RAPPORT_OWNER_PASSWORD:?}" "${RAPPORT_APP_PASSWORD:?}" "${RAPPORT_SYSTEM_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --no-psqlrc -v owner_password="$RAPPORT_OWNER_PASSWORD" \
  -v app_password="$RAPPORT_APP_PASSWORD" -v system_password="$RAPPORT_SYSTEM_PASSWORD" \
  --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
SELECT format('CREATE ROLE rapport_owner LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD %L', :'owner_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_owner') \gexec
SELECT 'CREATE ROLE rapport_app NOLOGIN NOSUPERUSER NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_app') \gexec
SELECT format('CREATE ROLE rapport LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE rapport_app PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport') \gexec
SELECT 'CREATE ROLE rapport_system NOLOGIN NOSUPERUSER NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_system') \gexec
SELECT format('CREATE ROLE rapport_sys LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE rapport_app, rapport_system PASSWORD %L', :'system_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_sys') \gexec
SELECT 'GRANT rapport_system TO rapport_owner'
WHERE NOT pg_has_role('rapport_owner', 'rapport_system', 'USAGE') \gexec
SELECT 'CREATE ROLE rapport_search NOLOGIN NOSUPERUSER NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_search') \gexec
SELECT 'GRANT rapport_search TO rapport_owner'
WHERE NOT pg_has_role('rapport_owner', 'rapport_search', 'USAGE') \gexec
SELECT 'CREATE DATABASE rapport OWNER rapport_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'rapport') \gexec
\c rapport
CREATE EXTENSION IF NOT EXISTS vector;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA public TO rapport_owner;
GRANT USAGE ON SCHEMA public TO rapport_app;
SQL
