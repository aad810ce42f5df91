/* migrate.c — the schema, as a list of steps indexed by PRAGMA user_version.
 *
 * Step i takes the database from version i to i+1. A new schema version
 * appends a step (never edits a shipped one) and bumps STORE_SCHEMA_VERSION.
 * Each step runs in its own BEGIN IMMEDIATE transaction together with the
 * user_version update, so a crash leaves the database at a whole version,
 * and the version is read again inside the transaction so that two
 * processes opening a fresh database at once do not both run a step.
 *
 * Catalogue rows are never deleted: orders reference them by foreign key
 * (the database itself refuses an order for an unknown id, whoever writes
 * it), so an import upserts the items it lists and marks the others
 * inactive (catalogue_import.c). Inactive items stay for the orders that
 * name them and are hidden from the catalogue and refused for new orders.
 */
#include <stdio.h>

#include "store/store_int.h"

typedef struct {
    const char *what;       /* for messages: "create the catalogue and orders" */
    const char *sql;
} Step;

static const Step steps[] = {
    /* 0 -> 1 */
    { "create the catalogue and order tables",
      "CREATE TABLE settings ("
      "  key   TEXT PRIMARY KEY,"
      "  value TEXT NOT NULL"
      ");"
      "CREATE TABLE charms ("
      "  id          TEXT PRIMARY KEY,"
      "  name        TEXT NOT NULL,"
      "  shape       TEXT NOT NULL,"
      "  width_mm    REAL NOT NULL,"
      "  height_mm   REAL NOT NULL,"
      "  area_x_mm   REAL NOT NULL,"
      "  area_y_mm   REAL NOT NULL,"
      "  area_w_mm   REAL NOT NULL,"
      "  area_h_mm   REAL NOT NULL,"
      "  max_chars   INTEGER NOT NULL,"
      "  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),"
      "  sort        INTEGER NOT NULL,"
      "  active      INTEGER NOT NULL DEFAULT 1"
      ");"
      "CREATE TABLE finishes ("
      "  id              TEXT PRIMARY KEY,"
      "  name            TEXT NOT NULL,"
      "  hallmark        TEXT NOT NULL,"
      "  surcharge_minor INTEGER NOT NULL CHECK (surcharge_minor >= 0),"
      "  base_rgb        INTEGER NOT NULL,"
      "  light_rgb       INTEGER NOT NULL,"
      "  shade_rgb       INTEGER NOT NULL,"
      "  sort            INTEGER NOT NULL,"
      "  active          INTEGER NOT NULL DEFAULT 1"
      ");"
      "CREATE TABLE fonts ("
      "  id            TEXT PRIMARY KEY,"
      "  name          TEXT NOT NULL,"
      "  file          TEXT NOT NULL,"
      "  face_index    INTEGER NOT NULL,"
      "  min_height_mm REAL NOT NULL,"
      "  sort          INTEGER NOT NULL,"
      "  active        INTEGER NOT NULL DEFAULT 1"
      ");"
      /* AUTOINCREMENT: a customer-visible number is never reused, even
       * after the newest order is deleted. */
      "CREATE TABLE orders ("
      "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
      "  uuid        TEXT UNIQUE NOT NULL,"
      "  charm_id    TEXT NOT NULL REFERENCES charms(id),"
      "  finish_id   TEXT NOT NULL REFERENCES finishes(id),"
      "  text        TEXT NOT NULL,"
      "  font_id     TEXT NOT NULL REFERENCES fonts(id),"
      "  layout      TEXT NOT NULL,"
      "  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),"
      "  currency    TEXT NOT NULL CHECK (length(currency) = 3),"
      "  created_at  INTEGER NOT NULL,"
      "  status      TEXT NOT NULL DEFAULT 'queued'"
      ");"
      "CREATE INDEX orders_status ON orders(status, id);"
      /* The first order is number 1001: seed AUTOINCREMENT's counter. */
      "INSERT INTO sqlite_sequence(name, seq) VALUES ('orders', 1000);" },

    /* 1 -> 2: upstream sync (outbox.c, sync_state.c). Self-contained: it
     * only adds tables, and gives the orders a v1 database already holds
     * their outbox rows, so they go upstream too. */
    { "add the upstream outbox and sync state",
      /* One row per order, written in the order's own transaction. state:
       * pending (to send), sent (the upstream answered accepted or
       * duplicate), rejected (the upstream refused it; reason says why).
       * attempts and next_attempt (Unix seconds) are the retry bookkeeping. */
      "CREATE TABLE outbox ("
      "  order_uuid   TEXT PRIMARY KEY REFERENCES orders(uuid),"
      "  state        TEXT NOT NULL DEFAULT 'pending'"
      "               CHECK (state IN ('pending', 'sent', 'rejected')),"
      "  attempts     INTEGER NOT NULL DEFAULT 0,"
      "  next_attempt INTEGER NOT NULL DEFAULT 0,"
      "  settled_at   INTEGER,"
      "  reason       TEXT"
      ") WITHOUT ROWID;"
      "CREATE INDEX outbox_state ON outbox(state, next_attempt);"
      "INSERT INTO outbox (order_uuid) SELECT uuid FROM orders ORDER BY id;"
      /* Exactly one row (id 1): the changes cursor and the last outcomes,
       * read by `kioskctl sync-status` and (later) staff mode. */
      "CREATE TABLE sync_state ("
      "  id            INTEGER PRIMARY KEY CHECK (id = 1),"
      "  cursor        TEXT NOT NULL DEFAULT '',"
      "  last_success  INTEGER NOT NULL DEFAULT 0,"
      "  last_attempt  INTEGER NOT NULL DEFAULT 0,"
      "  last_error    TEXT NOT NULL DEFAULT '',"
      "  last_error_at INTEGER NOT NULL DEFAULT 0"
      ");"
      "INSERT INTO sync_state (id) VALUES (1);"
      /* Appointment and edition changes from upstream, kept raw (one JSON
       * object per row) until the tables that will hold them exist. */
      "CREATE TABLE sync_inbox ("
      "  id          INTEGER PRIMARY KEY,"
      "  kind        TEXT NOT NULL CHECK (kind IN ('appointment', 'edition')),"
      "  payload     TEXT NOT NULL,"
      "  received_at INTEGER NOT NULL"
      ");" },

    /* 2 -> 3: staff mode (staff.c), appointments (appointments.c), limited
     * editions (editions.c), the order queue (queue.c). Only adds tables and
     * nullable columns, so every v2 row stays valid as it is. */
    { "add staff, appointments, limited editions and the order queue",
      /* PINs only as argon2id strings (crypto_pwhash_str: salt and limits
       * inside). One PIN pad for everyone, so a PIN names its staff member:
       * store_staff_add refuses a PIN already in use. */
      "CREATE TABLE staff ("
      "  id         INTEGER PRIMARY KEY,"
      "  name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 63),"
      "  pin_hash   TEXT NOT NULL,"
      "  created_at INTEGER NOT NULL"
      ");"
      /* Exactly one row: wrong PINs in a row and the lock's end, in the
       * database so that a restart does not reset them. */
      "CREATE TABLE staff_lock ("
      "  id           INTEGER PRIMARY KEY CHECK (id = 1),"
      "  failures     INTEGER NOT NULL DEFAULT 0,"
      "  locked_until INTEGER NOT NULL DEFAULT 0"
      ");"
      "INSERT INTO staff_lock (id) VALUES (1);"
      /* slot_start is local wall-clock time 'YYYY-MM-DD HH:MM' (what staff
       * read and type); slot_at the same instant in Unix seconds, for the
       * retention clock. UNIQUE (slot_start, station) is what makes double
       * booking impossible, whoever writes. Personal fields are
       * crypto_secretbox (nonce || ciphertext), NULL once purged. */
      "CREATE TABLE appointments ("
      "  id          INTEGER PRIMARY KEY,"
      "  slot_start  TEXT NOT NULL CHECK (slot_start GLOB"
      "              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),"
      "  slot_at     INTEGER NOT NULL,"
      "  station     INTEGER NOT NULL CHECK (station >= 1),"
      "  status      TEXT NOT NULL DEFAULT 'booked' CHECK (status IN"
      "              ('booked', 'checked-in', 'in-session', 'completed', 'no-show')),"
      "  party       TEXT NOT NULL DEFAULT '',"
      "  name_enc    BLOB,"
      "  contact_enc BLOB,"
      "  notes_enc   BLOB,"
      "  created_at  INTEGER NOT NULL,"
      "  closed_at   INTEGER,"
      "  purged_at   INTEGER,"
      "  UNIQUE (slot_start, station)"
      ");"
      "CREATE INDEX appointments_retention ON appointments(purged_at, slot_at);"
      /* One edition per charm; its serials exist as rows from 1 to size, so
       * that taking one is an UPDATE of the lowest free row and the primary
       * key says no serial exists twice. A serial is free, held (a token
       * until held_until, Unix seconds) or sold (order_id); never both. */
      "CREATE TABLE editions ("
      "  id       INTEGER PRIMARY KEY,"
      "  charm_id TEXT NOT NULL UNIQUE REFERENCES charms(id),"
      "  size     INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10000)"
      ");"
      "CREATE TABLE edition_serials ("
      "  edition_id INTEGER NOT NULL REFERENCES editions(id),"
      "  serial     INTEGER NOT NULL CHECK (serial >= 1),"
      "  order_id   INTEGER REFERENCES orders(id),"
      "  hold_token TEXT UNIQUE,"
      "  held_until INTEGER,"
      "  PRIMARY KEY (edition_id, serial),"
      "  CHECK (order_id IS NULL OR hold_token IS NULL),"
      "  CHECK ((hold_token IS NULL) = (held_until IS NULL))"
      ") WITHOUT ROWID;"
      /* One serial per order for now. Matching sets (several pieces per
       * order) will replace this index with one on (order_id, piece). */
      "CREATE UNIQUE INDEX edition_serials_order ON edition_serials(order_id)"
      "  WHERE order_id IS NOT NULL;"
      "CREATE INDEX edition_serials_held ON edition_serials(held_until)"
      "  WHERE hold_token IS NOT NULL;"
      /* The session an order was placed under (NULL: a walk-up customer).
       * The queue's statuses move one step forward at a time (queue.c). */
      "ALTER TABLE orders ADD COLUMN appointment_id INTEGER REFERENCES appointments(id);"
      "CREATE TRIGGER orders_status_forward BEFORE UPDATE OF status ON orders"
      "  WHEN NOT ((OLD.status = 'queued' AND NEW.status = 'engraving') OR"
      "            (OLD.status = 'engraving' AND NEW.status = 'ready') OR"
      "            (OLD.status = 'ready' AND NEW.status = 'collected'))"
      "  BEGIN SELECT RAISE(ABORT, 'an order status moves one step forward only'); END;" },

    /* 3 -> 4: upstream appointments sealed like local ones, and per-kiosk
     * leases of edition serials (sync_state.c, editions.c).
     * upstream_id is the upstream's id of an appointment it sent (NULL for
     * one booked here); UNIQUE makes a resent change an update. ALTER TABLE
     * cannot add a UNIQUE column, so a unique index does it.
     * Until now appointment changes were kept raw in sync_inbox, names and
     * contacts in the clear: they are erased (secure_delete) and, if there
     * were any, the changes cursor is reset so that the next pull fetches
     * them again and imports them sealed. */
    { "seal upstream appointments and add edition leases",
      "ALTER TABLE appointments ADD COLUMN upstream_id TEXT;"
      "CREATE UNIQUE INDEX appointments_upstream ON appointments(upstream_id);"
      "UPDATE sync_state SET cursor = '' WHERE id = 1 AND EXISTS"
      "  (SELECT 1 FROM sync_inbox WHERE kind = 'appointment');"
      "PRAGMA secure_delete = ON;"
      "DELETE FROM sync_inbox WHERE kind = 'appointment';"
      "PRAGMA secure_delete = OFF;"
      /* The serials this kiosk may sell, granted by the upstream per
       * edition. leased = 1 once the upstream has sent this edition's
       * leases (even none): from then on only serials inside a lease are
       * sold here; leased = 0 (a standalone kiosk) owns the whole run. */
      "ALTER TABLE editions ADD COLUMN leased INTEGER NOT NULL DEFAULT 0;"
      "CREATE TABLE edition_leases ("
      "  edition_id   INTEGER NOT NULL REFERENCES editions(id),"
      "  first_serial INTEGER NOT NULL CHECK (first_serial >= 1),"
      "  last_serial  INTEGER NOT NULL,"
      "  CHECK (last_serial >= first_serial)"
      ");"
      "CREATE INDEX edition_leases_edition ON edition_leases(edition_id, first_serial);" },

    /* 4 -> 5: matching sets. An order's first piece stays in orders; the
     * matching pieces (idx 2, 3...) share its finish (pieces.c). */
    { "add the matching pieces of sets",
      "CREATE TABLE order_pieces ("
      "  order_id INTEGER NOT NULL REFERENCES orders(id),"
      "  idx      INTEGER NOT NULL CHECK (idx >= 2),"
      "  charm_id TEXT NOT NULL REFERENCES charms(id),"
      "  font_id  TEXT NOT NULL REFERENCES fonts(id),"
      "  layout   TEXT NOT NULL,"
      "  text     TEXT NOT NULL,"
      "  PRIMARY KEY (order_id, idx)"
      ");" },

    /* 5 -> 6: upstream appointments that wait for a station, and upstream
     * cancellations (waiting.c, changes.c). The status CHECK and the table's
     * UNIQUE (slot_start, station) cannot be altered in place, so the table
     * is rebuilt:
     * - station may be NULL: an upstream appointment that found no free
     *   station is kept, sealed, as `waiting` (retried every sync pass) or,
     *   once its slot is over, `not-placed` (for staff);
     * - `cancelled` frees its station: double booking is now refused by a
     *   unique index over the rows that are not cancelled;
     * - ends_at (Unix s) is when an upstream appointment's slot ends;
     *   upstream_cancelled_at when the upstream cancelled it (the first
     *   time), kept also when local progress won (a conflict for staff).
     * foreign_keys cannot be switched off inside the step's transaction, and
     * dropping a table that orders reference would count violations that a
     * rename does not take back; so the order links are set aside, the
     * table replaced, and the links put back, all in this one transaction.
     * Appointment changes that v4/v5 kept in sync_inbox (no station, without
     * their personal fields) become waiting rows, and the changes cursor is
     * reset so that the upstream sends them again, personal fields and all. */
    { "let upstream appointments wait for a station and be cancelled",
      "CREATE TABLE appointments_v6 ("
      "  id          INTEGER PRIMARY KEY,"
      "  slot_start  TEXT NOT NULL CHECK (slot_start GLOB"
      "              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),"
      "  slot_at     INTEGER NOT NULL,"
      "  station     INTEGER CHECK (station >= 1),"
      "  status      TEXT NOT NULL DEFAULT 'booked' CHECK (status IN"
      "              ('booked', 'checked-in', 'in-session', 'completed', 'no-show',"
      "               'cancelled', 'waiting', 'not-placed')),"
      "  party       TEXT NOT NULL DEFAULT '',"
      "  name_enc    BLOB,"
      "  contact_enc BLOB,"
      "  notes_enc   BLOB,"
      "  created_at  INTEGER NOT NULL,"
      "  closed_at   INTEGER,"
      "  purged_at   INTEGER,"
      "  upstream_id TEXT,"
      "  ends_at     INTEGER,"
      "  upstream_cancelled_at INTEGER,"
      /* Placed rows have a station, waiting and not-placed ones none. */
      "  CHECK (station IS NOT NULL OR status IN ('waiting', 'not-placed', 'cancelled')),"
      "  CHECK (station IS NULL OR status NOT IN ('waiting', 'not-placed'))"
      ");"
      "INSERT INTO appointments_v6 (id, slot_start, slot_at, station, status, party, name_enc,"
      "  contact_enc, notes_enc, created_at, closed_at, purged_at, upstream_id)"
      "  SELECT id, slot_start, slot_at, station, status, party, name_enc, contact_enc,"
      "         notes_enc, created_at, closed_at, purged_at, upstream_id FROM appointments;"
      "CREATE TABLE appointment_links_v6 AS"
      "  SELECT id AS order_id, appointment_id FROM orders WHERE appointment_id IS NOT NULL;"
      "UPDATE orders SET appointment_id = NULL WHERE appointment_id IS NOT NULL;"
      "DROP TABLE appointments;"
      "ALTER TABLE appointments_v6 RENAME TO appointments;"
      "UPDATE orders SET appointment_id = (SELECT l.appointment_id FROM appointment_links_v6 l"
      "  WHERE l.order_id = orders.id) WHERE id IN (SELECT order_id FROM appointment_links_v6);"
      "DROP TABLE appointment_links_v6;"
      "CREATE UNIQUE INDEX appointments_slot ON appointments(slot_start, station)"
      "  WHERE status <> 'cancelled';"
      "CREATE INDEX appointments_retention ON appointments(purged_at, slot_at);"
      "CREATE UNIQUE INDEX appointments_upstream ON appointments(upstream_id);"
      "CREATE INDEX appointments_waiting ON appointments(status, slot_at)"
      "  WHERE status = 'waiting';"
      "INSERT OR IGNORE INTO appointments (slot_start, slot_at, status, created_at, upstream_id,"
      "  ends_at)"
      "  SELECT strftime('%Y-%m-%d %H:%M', json_extract(payload, '$.starts_at'), 'unixepoch',"
      "                  'localtime'),"
      "         json_extract(payload, '$.starts_at'), 'waiting', received_at,"
      "         json_extract(payload, '$.id'),"
      "         json_extract(payload, '$.starts_at') +"
      "           60 * coalesce(json_extract(payload, '$.minutes'), 30)"
      "  FROM sync_inbox WHERE kind = 'appointment' AND json_valid(payload)"
      "   AND json_type(payload, '$.id') = 'text'"
      "   AND json_type(payload, '$.starts_at') = 'integer';"
      "UPDATE sync_state SET cursor = '' WHERE id = 1 AND EXISTS"
      "  (SELECT 1 FROM sync_inbox WHERE kind = 'appointment');"
      "DELETE FROM sync_inbox WHERE kind = 'appointment';" },

    /* 6 -> 7: staff mark a not-placed appointment (they called the
     * customer) or a cancellation conflict (they settled it) as dealt with
     * (appointments.c, store_appointment_acknowledge). acknowledged_at is
     * when, the first time; the row stays listed until the retention purge
     * but no longer counts as a problem (sync_state.c). Only adds a
     * nullable column: every v6 row stays valid and not acknowledged. */
    { "let staff mark upstream appointment problems as dealt with",
      "ALTER TABLE appointments ADD COLUMN acknowledged_at INTEGER;" },

    /* 7 -> 8: one bad upstream change never blocks the others, and no
     * station is ever booked twice at one time.
     * - sync_quarantine keeps each item of a changes page the kiosk refused
     *   (changes.c): its kind, key (an appointment's upstream id, an
     *   edition's charm), the page's cursor and the reason; the payload of
     *   editions and catalogues (appointments' fields are personal: they
     *   stay upstream). reported_at: told upstream (POST /v1/quarantine);
     *   resolved_at: a later good version of the same item was applied.
     * - not_placed_reason says why an appointment is not placed: no free
     *   station before its slot ended, outside the opening hours, off the
     *   slot grid. Rows already not placed had no station.
     * - Two triggers refuse a row that would overlap in time another
     *   placed row of the same station (slot_at to ends_at; a row without
     *   ends_at, a local booking made before v8, counts as 30 minutes until
     *   a write that knows slot_minutes fills it in). The update trigger
     *   fires only when the placement itself changes, so status changes of
     *   rows placed before v8 still go through.
     * - Upstream rows still `booked` that overlap an earlier row of their
     *   station, or a local booking (the identical-start check let them
     *   in), go back to `waiting`: the next sync pass gives them a free
     *   station or, once their slot ended, lists them for staff as not
     *   placed. SQLite takes the rows in order, each against the rows as
     *   they are by then, so a row that only overlapped one sent back
     *   stays; what is left never overlaps. */
    { "quarantine refused upstream changes and refuse overlapping appointments",
      "CREATE TABLE sync_quarantine ("
      "  id          INTEGER PRIMARY KEY,"
      "  kind        TEXT NOT NULL CHECK (kind IN ('catalogue', 'appointment', 'edition', 'order')),"
      "  item_key    TEXT NOT NULL DEFAULT '',"
      "  idx         INTEGER NOT NULL DEFAULT 0,"
      "  cursor      TEXT NOT NULL,"
      "  reason      TEXT NOT NULL,"
      "  payload     TEXT,"
      "  received_at INTEGER NOT NULL,"
      "  reported_at INTEGER,"
      "  resolved_at INTEGER"
      ");"
      "CREATE INDEX sync_quarantine_open ON sync_quarantine(kind, item_key)"
      "  WHERE resolved_at IS NULL;"
      "ALTER TABLE appointments ADD COLUMN not_placed_reason TEXT CHECK (not_placed_reason IN"
      "  ('no-station', 'closed', 'off-grid'));"
      "UPDATE appointments SET not_placed_reason = 'no-station' WHERE status = 'not-placed';"
      "UPDATE appointments SET status = 'waiting', station = NULL"
      "  WHERE upstream_id IS NOT NULL AND status = 'booked' AND EXISTS"
      "  (SELECT 1 FROM appointments o WHERE o.station = appointments.station"
      "     AND (o.id < appointments.id OR o.upstream_id IS NULL) AND o.id <> appointments.id"
      "     AND o.status <> 'cancelled'"
      "     AND o.slot_at < coalesce(appointments.ends_at, appointments.slot_at + 1800)"
      "     AND appointments.slot_at < coalesce(o.ends_at, o.slot_at + 1800));"
      "CREATE INDEX appointments_station ON appointments(station, slot_at)"
      "  WHERE station IS NOT NULL AND status <> 'cancelled';"
      "CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments"
      "  WHEN NEW.station IS NOT NULL AND NEW.status <> 'cancelled'"
      "BEGIN"
      "  SELECT RAISE(ABORT, 'station already booked at that time') WHERE EXISTS"
      "  (SELECT 1 FROM appointments o WHERE o.station = NEW.station AND o.status <> 'cancelled'"
      "     AND o.slot_at < coalesce(NEW.ends_at, NEW.slot_at + 1800)"
      "     AND NEW.slot_at < coalesce(o.ends_at, o.slot_at + 1800));"
      "END;"
      "CREATE TRIGGER appointments_no_overlap_update"
      "  BEFORE UPDATE OF station, slot_at, ends_at, status ON appointments"
      "  WHEN NEW.station IS NOT NULL AND NEW.status <> 'cancelled'"
      "   AND (OLD.station IS NOT NEW.station OR OLD.slot_at IS NOT NEW.slot_at"
      "        OR (OLD.ends_at IS NOT NULL AND NEW.ends_at > OLD.ends_at)"
      "        OR OLD.status = 'cancelled')"
      "BEGIN"
      "  SELECT RAISE(ABORT, 'station already booked at that time') WHERE EXISTS"
      "  (SELECT 1 FROM appointments o WHERE o.station = NEW.station AND o.id <> NEW.id"
      "     AND o.status <> 'cancelled'"
      "     AND o.slot_at < coalesce(NEW.ends_at, NEW.slot_at + 1800)"
      "     AND NEW.slot_at < coalesce(o.ends_at, o.slot_at + 1800));"
      "END;" },
};

#define N_STEPS ((int)(sizeof steps / sizeof steps[0]))

_Static_assert(N_STEPS == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

static store_Status read_version(store_Db *db, int *version)
{
    sqlite3_stmt *st = store_prepare(db, "PRAGMA user_version");
    if (!st)
        return STORE_ERR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return store_fail_sql(db, "cannot read the schema version");
    return STORE_OK;
}

/* Runs step `from` (from -> from+1) unless another process already did. */
static store_Status run_step(store_Db *db, int from)
{
    char sql[64], what[160];
    int version = 0;
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    status = read_version(db, &version);
    if (status != STORE_OK || version != from)
        goto done;  /* error, or someone else migrated meanwhile */

    snprintf(what, sizeof what, "cannot migrate the schema from version %d to %d (%s)",
             from, from + 1, steps[from].what);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", from + 1);
    status = store_exec(db, steps[from].sql, what);
    if (status == STORE_OK)
        status = store_exec(db, sql, what);
done:
    return store_end(db, status);
}

store_Status store_migrate(store_Db *db)
{
    int version = 0;
    store_Status status = read_version(db, &version);
    if (status != STORE_OK)
        return status;
    if (version > STORE_SCHEMA_VERSION)
        return store_fail(db, STORE_ERR,
                          "the database has schema version %d, newer than this program "
                          "knows (%d); upgrade the program", version, STORE_SCHEMA_VERSION);
    if (version < 0)
        return store_fail(db, STORE_ERR, "the database has a bad schema version %d", version);
    while (version < STORE_SCHEMA_VERSION) {
        status = run_step(db, version);
        if (status != STORE_OK)
            return status;
        status = read_version(db, &version);
        if (status != STORE_OK)
            return status;
    }
    return STORE_OK;
}
