/* waiting.c — upstream appointments that found no free station.
 *
 * The upstream books appointments elsewhere (the boutique's website) and
 * does not know how many of this kiosk's stations are taken by walk-ins. An
 * appointment that arrives for a full slot is a customer who believes they
 * are booked: it must never be lost. It is kept in the appointments table
 * like any other, personal fields sealed, with no station and status
 * `waiting`, and every sync pass tries again (store_appointments_retry), so
 * that a station freed by an upstream cancellation, or a station added to
 * the configuration, takes it. Whoever has waited longest for a slot gets
 * the station first (ORDER BY id: rows are numbered as they arrive).
 *
 * A slot that has ended cannot be given any more: the appointment becomes
 * `not-placed`, closed (so the retention purge applies), and stays on the
 * staff screens and in `kioskctl sync-status` for staff to call the
 * customer. It is never dropped silently.
 *
 * The rule for "free" is the one the v8 triggers enforce: no other placed
 * row (not cancelled) of that station overlaps the appointment's time,
 * slot_at to ends_at. An 11:00 appointment of 90 minutes holds its station
 * until 12:30, whatever the slot grid says.
 */
#include <stdio.h>

#include "store/store_int.h"

store_Status store_station_free(store_Db *db, int64_t slot_at, int64_t ends_at, int stations,
                                int64_t except, int prefer, int *station)
{
    int64_t taken = 0;
    store_Status status = STORE_OK;
    *station = 0;
    if (prefer < 1 || prefer > stations)
        prefer = 0;
    /* prefer first (an appointment keeps its station when it can), then
     * the lowest. */
    for (int i = prefer ? 0 : 1; status == STORE_OK && !*station && i <= stations; i++) {
        int s = i == 0 ? prefer : i;
        if (i > 0 && s == prefer)
            continue;
        sqlite3_stmt *st = store_prepare(db, "SELECT count(*) FROM appointments a"
                                             " WHERE a.station = ?1 AND a.status <> 'cancelled'"
                                             " AND a.id IS NOT ?2 AND a.slot_at < ?4"
                                             " AND ?3 < " STORE_SQL_APPT_ENDS);
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int(st, 1, s);
        sqlite3_bind_int64(st, 2, except);
        sqlite3_bind_int64(st, 3, slot_at);
        sqlite3_bind_int64(st, 4, ends_at);
        status = store_step_int(db, st, &taken, "cannot read the appointments");
        if (status == STORE_OK && taken == 0)
            *station = s;
    }
    return status;
}

store_Status store_appointments_fill_ends(store_Db *db, int slot_minutes)
{
    if (slot_minutes < 1)
        return STORE_OK;
    sqlite3_stmt *st = store_prepare(db, "UPDATE appointments SET ends_at = slot_at + 60 * ?1"
                                         " WHERE ends_at IS NULL");
    if (st)
        sqlite3_bind_int(st, 1, slot_minutes);
    return st ? store_step_done(db, st, "cannot complete the appointments' end times")
              : STORE_ERR;
}

/* Places (station > 0) or gives up on (station 0) waiting row `id`. */
static store_Status settle(store_Db *db, int64_t id, int station, int64_t now)
{
    sqlite3_stmt *st = store_prepare(db, station
        ? "UPDATE appointments SET station = ?2, status = 'booked', not_placed_reason = NULL"
          " WHERE id = ?1 AND status = 'waiting'"
        : "UPDATE appointments SET status = 'not-placed', closed_at = ?3,"
          " not_placed_reason = 'no-station' WHERE id = ?1 AND status = 'waiting'");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, id);
    if (station)
        sqlite3_bind_int(st, 2, station);
    else
        sqlite3_bind_int64(st, 3, now);
    return store_step_done(db, st, "cannot place a waiting appointment");
}

store_Status store_waiting_place(store_Db *db, int stations, int64_t now, int *placed,
                                 int *expired)
{
    int64_t after = 0;
    store_Status status = STORE_OK;
    if (stations < 1)
        stations = 1;
    /* One row at a time (keyset on id): each placement changes what is free
     * for the next, and no statement stays open across the UPDATEs. A row
     * without ends_at (placed before v6) lasts 30 minutes, as the v8
     * triggers count it: the check and the triggers must agree, or a
     * placement they refuse would fail the whole pass. */
    for (;;) {
        sqlite3_stmt *st = store_prepare(db,
            "SELECT id, slot_at, coalesce(ends_at, slot_at + 1800) FROM appointments"
            " WHERE status = 'waiting' AND id > ?1 ORDER BY id LIMIT 1");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int64(st, 1, after);
        int rc = sqlite3_step(st);
        int64_t id = 0, slot_at = 0, ends_at = 0;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            slot_at = sqlite3_column_int64(st, 1);
            ends_at = sqlite3_column_int64(st, 2);
        }
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            return store_fail_sql(db, "cannot read the waiting appointments");
        after = id;
        int station = 0;
        if (ends_at <= now) {
            status = settle(db, id, 0, now);
            if (status == STORE_OK && expired)
                (*expired)++;
        } else {
            status = store_station_free(db, slot_at, ends_at, stations, id, 0, &station);
            if (status == STORE_OK && station) {
                status = settle(db, id, station, now);
                if (status == STORE_OK && placed)
                    (*placed)++;
            }
        }
        if (status != STORE_OK)
            break;
    }
    return status;
}

store_Status store_appointments_retry(store_Db *db, int stations, int64_t now, int *placed,
                                      int *expired)
{
    int p = 0, e = 0;
    if (placed)
        *placed = 0;
    if (expired)
        *expired = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    status = store_end(db, store_waiting_place(db, stations, now, &p, &e));
    if (status != STORE_OK)
        return status;
    if (placed)
        *placed = p;
    if (expired)
        *expired = e;
    return STORE_OK;
}
