/* db.c — the hub's PostgreSQL: connection, the versioned schema, the
 * changes log.
 *
 * The schema version lives in hub_meta; a starting hub migrates under
 * pg_advisory_xact_lock, so two processes started together on one database
 * migrate it once, and a hub older than the database refuses to serve it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"

#define MIGRATE_LOCK "7305101"      /* pg_advisory_xact_lock key: "hub" schema */

static void set_err(char *err, size_t cap, const char *what, const char *pgmsg)
{
    size_t n;
    snprintf(err, cap, "%s: %s", what, pgmsg ? pgmsg : "unknown failure");
    n = strlen(err);
    while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
        err[--n] = '\0';
}

PGconn *hub_db_connect(const char *conninfo, char *err, size_t errcap)
{
    PGconn *pg = PQconnectdb(conninfo ? conninfo : "");
    if (!pg) {
        snprintf(err, errcap, "PostgreSQL: out of memory");
        return NULL;
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        set_err(err, errcap, "cannot connect to PostgreSQL", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    /* Notices (CREATE ... IF NOT EXISTS) are not the operator's business. */
    PQclear(PQexec(pg, "SET client_min_messages = warning"));
    return pg;
}

int hub_exec(PGconn *pg, const char *sql, char *err, size_t errcap)
{
    PGresult *r = PQexec(pg, sql);
    int ok = r && (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    if (!ok)
        set_err(err, errcap, "PostgreSQL", PQerrorMessage(pg));
    PQclear(r);
    return ok ? 0 : -1;
}

PGresult *hub_query(PGconn *pg, ExecStatusType want, char *err, size_t errcap,
                    const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != want) {
        set_err(err, errcap, "PostgreSQL", PQerrorMessage(pg));
        PQclear(r);
        return NULL;
    }
    return r;
}

int hub_publish(PGconn *pg, const char *boutique, const char *kiosk, const char *kind,
                const char *key, const char *payload, char *err, size_t errcap)
{
    /* The counter row is held until commit: the next writer numbers its
     * change after this one commits, so a reader never sees seq N+1 while
     * N is still to come. */
    const char *p[5] = { boutique, kiosk, kind, key, payload };
    PGresult *r = hub_query(pg, PGRES_COMMAND_OK, err, errcap,
        "WITH s AS (UPDATE change_seq SET seq = seq + 1 RETURNING seq)"
        " INSERT INTO changes (seq, boutique_id, kiosk_id, kind, item_key, payload)"
        " SELECT s.seq, $1, $2, $3, $4, $5::jsonb FROM s", 5, p);
    PQclear(r);
    return r ? 0 : -1;
}

/* Version 1: the registry, the changes log, editions and leases, orders,
 * refused changes reported by kiosks. */
static const char *const v1 =
    "CREATE EXTENSION IF NOT EXISTS btree_gist;"
    "CREATE TABLE boutiques ("
    "  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_-]{1,64}$'),"
    "  name text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE kiosks ("
    "  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_-]{1,64}$'),"
    "  boutique_id text NOT NULL REFERENCES boutiques,"
    "  secret bytea NOT NULL CHECK (length(secret) = 32),"
    "  enrolled_at timestamptz NOT NULL DEFAULT now(),"
    "  disabled boolean NOT NULL DEFAULT false);"
    "CREATE TABLE change_seq (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
    "  seq bigint NOT NULL);"
    "INSERT INTO change_seq (seq) VALUES (0);"
    "CREATE TABLE changes ("
    "  seq bigint PRIMARY KEY,"
    "  boutique_id text REFERENCES boutiques,"
    "  kiosk_id text REFERENCES kiosks,"
    "  kind text NOT NULL CHECK (kind IN ('catalogue', 'appointment', 'edition', 'order')),"
    "  item_key text NOT NULL,"
    "  payload jsonb NOT NULL,"
    "  published_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX changes_boutique ON changes (boutique_id, seq);"
    "CREATE INDEX changes_kiosk ON changes (kiosk_id, seq);"
    "CREATE TABLE editions ("
    "  id serial PRIMARY KEY,"
    "  charm text NOT NULL UNIQUE,"
    "  size integer NOT NULL CHECK (size BETWEEN 1 AND 10000),"
    "  lease_size integer NOT NULL CHECK (lease_size BETWEEN 1 AND 10000),"
    "  next_serial integer NOT NULL DEFAULT 1,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  CHECK (next_serial BETWEEN 1 AND size + 1));"
    "CREATE TABLE leases ("
    "  edition_id integer NOT NULL REFERENCES editions,"
    "  kiosk_id text NOT NULL REFERENCES kiosks,"
    "  first_serial integer NOT NULL,"
    "  last_serial integer NOT NULL,"
    "  granted_at timestamptz NOT NULL DEFAULT now(),"
    "  CHECK (first_serial >= 1 AND first_serial <= last_serial),"
    "  EXCLUDE USING gist (edition_id WITH =,"
    "                      int4range(first_serial, last_serial, '[]') WITH &&));"
    "CREATE TABLE orders ("
    "  uuid uuid PRIMARY KEY,"
    "  kiosk_id text NOT NULL REFERENCES kiosks,"
    "  boutique_id text NOT NULL REFERENCES boutiques,"
    "  number bigint,"
    "  created_at bigint,"
    "  charm text,"
    "  serial integer,"
    "  price_minor bigint,"
    "  currency text,"
    "  body jsonb NOT NULL,"
    "  status text NOT NULL CHECK (status IN ('accepted', 'rejected')),"
    "  reason text,"
    "  received_at timestamptz NOT NULL DEFAULT now(),"
    "  status_at timestamptz NOT NULL DEFAULT now());"
    "CREATE UNIQUE INDEX orders_serial ON orders (charm, serial)"
    "  WHERE serial IS NOT NULL AND status = 'accepted';"
    "CREATE INDEX orders_kiosk_charm ON orders (kiosk_id, charm) WHERE serial IS NOT NULL;"
    "CREATE INDEX orders_boutique ON orders (boutique_id, received_at);"
    "CREATE TABLE quarantine ("
    "  kiosk_id text NOT NULL REFERENCES kiosks,"
    "  id bigint NOT NULL,"
    "  kind text NOT NULL,"
    "  item_key text NOT NULL,"
    "  idx integer NOT NULL,"
    "  cursor text NOT NULL,"
    "  reason text NOT NULL,"
    "  received_at bigint NOT NULL,"
    "  recorded_at timestamptz NOT NULL DEFAULT now(),"
    "  PRIMARY KEY (kiosk_id, id));";

int hub_db_migrate(PGconn *pg, char *err, size_t errcap)
{
    int version = 0;
    if (hub_exec(pg, "BEGIN", err, errcap) ||
        hub_exec(pg, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", err, errcap) ||
        hub_exec(pg, "CREATE TABLE IF NOT EXISTS hub_meta (version integer NOT NULL)", err,
                 errcap))
        goto fail;
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, errcap,
                            "SELECT max(version) FROM hub_meta", 0, NULL);
    if (!r)
        goto fail;
    if (!PQgetisnull(r, 0, 0))
        version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (version > HUB_SCHEMA_VERSION) {
        snprintf(err, errcap, "the database has hub schema version %d, newer than this hub's "
                 "%d: upgrade kiosk-hub", version, HUB_SCHEMA_VERSION);
        goto fail;
    }
    if (version < 1 &&
        (hub_exec(pg, v1, err, errcap) ||
         hub_exec(pg, "INSERT INTO hub_meta (version) VALUES (1)", err, errcap)))
        goto fail;
    return hub_exec(pg, "COMMIT", err, errcap);
fail:
    PQclear(PQexec(pg, "ROLLBACK"));
    return -1;
}
