/* upstream_db.c — the test upstream's options, database and endpoints.
 *
 * Orders are stored with their UUID as the primary key: INSERT OR IGNORE,
 * and sqlite3_changes() tells `accepted` from `duplicate`. That unique key
 * is what makes the kiosk's retries safe; the sync tests count these rows.
 * Changes are a log (changes.seq is the cursor); a page carries the newest
 * catalogue it contains and every appointment and edition.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <sqlite3.h>

#include "tests/upstream/upstream.h"

struct up_Db {
    sqlite3 *sql;
};

static int parse_rate(const char *flag, const char *v, double *out)
{
    char *end = NULL;
    double d = strtod(v, &end);
    if (end == v || *end || d < 0 || d > 1) {
        fprintf(stderr, "upstream: %s: expected a probability from 0 to 1, got '%s'\n", flag, v);
        return -1;
    }
    *out = d;
    return 0;
}

static int parse_int(const char *flag, const char *v, long min, long max, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max) {
        fprintf(stderr, "upstream: %s: expected a whole number from %ld to %ld, got '%s'\n",
                flag, min, max, v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static int copy_path(const char *flag, const char *v, char *dst)
{
    if (snprintf(dst, UP_PATH_MAX, "%s", v) >= UP_PATH_MAX) {
        fprintf(stderr, "upstream: %s: path too long\n", flag);
        return -1;
    }
    return 0;
}

int up_options_parse(int argc, char **argv, up_Options *opt)
{
    char secret[UP_PATH_MAX] = "", err[SYNC_ERRMSG_MAX];
    int port_set = 0, seed = 0;
    memset(opt, 0, sizeof *opt);
    opt->page_size = 100;
    opt->appt_start = opt->appt_every = 3600;
    opt->appt_from = 1;
    opt->appt_minutes = 30;
    opt->lease_total = 50;
    snprintf(opt->lease_charm, sizeof opt->lease_charm, "oval");
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0, takes = 1;
        if (strcmp(f, "--stall") == 0) { opt->stall = 1; takes = 0; }
        else if (strcmp(f, "--malformed") == 0) { opt->malformed = 1; takes = 0; }
        else if (strcmp(f, "--bad-appointment") == 0) { opt->bad_appointment = 1; takes = 0; }
        else if (strcmp(f, "--bad-lease") == 0) { opt->bad_lease = 1; takes = 0; }
        else if (strcmp(f, "--bad-catalogue") == 0) { opt->bad_catalogue = 1; takes = 0; }
        else if (!v) { fprintf(stderr, "upstream: %s: unknown option or missing value\n", f); return -1; }
        else if (strcmp(f, "--port") == 0) { rc = parse_int(f, v, 0, 65535, &opt->port); port_set = 1; }
        else if (strcmp(f, "--db") == 0) rc = copy_path(f, v, opt->db);
        else if (strcmp(f, "--secret-file") == 0) rc = copy_path(f, v, secret);
        else if (strcmp(f, "--tls-cert") == 0) rc = copy_path(f, v, opt->tls_cert);
        else if (strcmp(f, "--tls-key") == 0) rc = copy_path(f, v, opt->tls_key);
        else if (strcmp(f, "--catalogue") == 0) rc = copy_path(f, v, opt->catalogue);
        else if (strcmp(f, "--fail-rate") == 0) rc = parse_rate(f, v, &opt->fail_rate);
        else if (strcmp(f, "--reset-rate") == 0) rc = parse_rate(f, v, &opt->reset_rate);
        else if (strcmp(f, "--latency-ms") == 0) rc = parse_int(f, v, 0, 600000, &opt->latency_ms);
        else if (strcmp(f, "--clock-offset") == 0) rc = parse_int(f, v, -86400, 86400, &opt->clock_offset);
        else if (strcmp(f, "--retry-after") == 0) rc = parse_int(f, v, 1, 86400, &opt->retry_after);
        else if (strcmp(f, "--appointments") == 0) rc = parse_int(f, v, 0, 100000, &opt->appointments);
        else if (strcmp(f, "--appointments-minutes") == 0)
            rc = parse_int(f, v, 1, 1440, &opt->appt_minutes);
        else if (strcmp(f, "--retry-after-rate") == 0) rc = parse_rate(f, v, &opt->retry_after_rate);
        else if (strcmp(f, "--appointments-start") == 0)
            rc = parse_int(f, v, -864000, 864000, &opt->appt_start);
        else if (strcmp(f, "--appointments-every") == 0)
            rc = parse_int(f, v, 0, 864000, &opt->appt_every);
        else if (strcmp(f, "--appointments-from") == 0)
            rc = parse_int(f, v, 1, 1000000, &opt->appt_from);
        else if (strcmp(f, "--cancel") == 0) {
            if (opt->n_cancel == UP_CANCEL_MAX || !*v || strlen(v) >= sizeof opt->cancel[0]) {
                fprintf(stderr, "upstream: --cancel: at most %d ids of 1 to 63 bytes\n",
                        UP_CANCEL_MAX);
                return -1;
            }
            snprintf(opt->cancel[opt->n_cancel++], sizeof opt->cancel[0], "%s", v);
        }
        else if (strcmp(f, "--page-size") == 0) rc = parse_int(f, v, 1, 1000, &opt->page_size);
        else if (strcmp(f, "--lease-size") == 0) rc = parse_int(f, v, 1, 10000, &opt->lease_size);
        else if (strcmp(f, "--lease-total") == 0) rc = parse_int(f, v, 1, 10000, &opt->lease_total);
        else if (strcmp(f, "--lease-charm") == 0)
            snprintf(opt->lease_charm, sizeof opt->lease_charm, "%s", v);
        else if (strcmp(f, "--seed") == 0) rc = parse_int(f, v, 1, 2147483647, &seed);
        else if (strcmp(f, "--trace") == 0) rc = copy_path(f, v, opt->trace);
        else if (strcmp(f, "--proxy") == 0) rc = parse_int(f, v, 1, 65535, &opt->proxy_port);
        else if (strcmp(f, "--reject-charm") == 0)
            snprintf(opt->reject_charm, sizeof opt->reject_charm, "%s", v);
        else { fprintf(stderr, "upstream: unknown option '%s'\n", f); return -1; }
        if (rc != 0)
            return -1;
        i += takes;
    }
    opt->seed = (uint64_t)seed;
    if (opt->proxy_port && port_set)
        return 0;                       /* the hub holds the data and the secrets */
    if (!port_set || !opt->db[0] || !secret[0]) {
        fprintf(stderr, "usage: upstream --port N --db PATH --secret-file F [--tls-cert F "
                "--tls-key F] [fault flags]\n"
                "       upstream --port N --proxy HUB_PORT [fault flags]\n");
        return -1;
    }
    if (!opt->tls_cert[0] != !opt->tls_key[0]) {
        fprintf(stderr, "upstream: --tls-cert and --tls-key go together\n");
        return -1;
    }
    if (sync_secret_load(secret, opt->key, err, sizeof err) != 0) {
        fprintf(stderr, "upstream: %s\n", err);
        return -1;
    }
    return 0;
}

static int exec(up_Db *db, const char *sql)
{
    if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "upstream: %s: %s\n", sql, sqlite3_errmsg(db->sql));
        return -1;
    }
    return 0;
}

static int publish(up_Db *db, const char *kind, const char *payload)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db->sql, "INSERT INTO changes (kind, payload) VALUES (?1, ?2)", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, payload, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(st);
    if (rc)
        fprintf(stderr, "upstream: cannot publish a change: %s\n", sqlite3_errmsg(db->sql));
    return rc;
}

static int publish_start(up_Db *db, const up_Options *opt)
{
    char item[320];
    /* Whole 5 minutes: on the grid of a kiosk with slot_minutes = 5 from
     * 00:00 (tests/sync/lib.sh), whatever the time the test runs. */
    long long base = (long long)time(NULL);
    base -= base % 300;
    if (opt->catalogue[0]) {
        FILE *f = fopen(opt->catalogue, "rb");
        char *text = calloc(1, SYNC_REQUEST_MAX + 1);
        size_t n = f && text ? fread(text, 1, SYNC_REQUEST_MAX, f) : 0;
        if (f)
            fclose(f);
        cJSON *doc = n ? cJSON_ParseWithLength(text, n) : NULL;
        char *compact = doc ? cJSON_PrintUnformatted(doc) : NULL;
        int rc = compact ? publish(db, "catalogue", compact) : -1;
        if (!compact)
            fprintf(stderr, "upstream: %s: cannot read a JSON catalogue\n", opt->catalogue);
        free(compact);
        cJSON_Delete(doc);
        free(text);
        if (rc)
            return -1;
    }
    /* Items the kiosk must refuse, published before the good ones: they
     * must not hold them back. */
    if (opt->bad_catalogue &&
        publish(db, "catalogue", "{\"version\":1,\"currency\":\"euro\","
                "\"engraving_fee_minor\":0,\"charms\":[],\"finishes\":[],\"fonts\":[]}"))
        return -1;
    if (opt->bad_appointment) {
        long long at = base + opt->appt_start;
        snprintf(item, sizeof item, "{\"id\":\"appt-bad\",\"starts_at\":%lld,\"minutes\":30,"
                 "\"name\":\"Honorine Vasseur\",\"party\":2,\"status\":\"booked\"}", at);
        if (publish(db, "appointment", item))
            return -1;
    }
    if (opt->bad_lease) {
        snprintf(item, sizeof item, "{\"charm\":\"%s\",\"size\":%d,\"leases\":"
                 "[{\"first\":1,\"last\":9999}]}", opt->lease_charm, opt->lease_total);
        if (publish(db, "edition", item))
            return -1;
    }
    for (int i = 0; i < opt->appointments; i++) {
        /* Personal fields, so the sync tests can look for them in the
         * kiosk's files: they must arrive sealed, never in the clear. */
        int k = opt->appt_from + i;
        long long at = base + opt->appt_start + (long long)opt->appt_every * i;
        snprintf(item, sizeof item, "{\"id\":\"appt-%d\",\"starts_at\":%lld,\"minutes\":%d,"
                 "\"name\":\"Honorine Vasseur %d\",\"contact\":\"honorine.%d@example.org\","
                 "\"party\":\"2\",\"notes\":\"Vasseur anniversary\",\"status\":\"booked\"}",
                 k, at, opt->appt_minutes, k, k);
        if (publish(db, "appointment", item))
            return -1;
    }
    /* A cancellation is the appointment's new state: only the id needed. */
    for (int i = 0; i < opt->n_cancel; i++) {
        cJSON *c = cJSON_CreateObject();
        char *text = NULL;
        if (c && cJSON_AddStringToObject(c, "id", opt->cancel[i]) &&
            cJSON_AddStringToObject(c, "status", "cancelled"))
            text = cJSON_PrintUnformatted(c);
        cJSON_Delete(c);
        int rc = text ? publish(db, "appointment", text) : -1;
        free(text);
        if (rc)
            return -1;
    }
    return 0;
}

int up_db_open(const up_Options *opt, up_Db **out)
{
    up_Db *db = calloc(1, sizeof *db);
    *out = db;
    if (!db || sqlite3_open(opt->db, &db->sql) != SQLITE_OK) {
        fprintf(stderr, "upstream: %s: cannot open the database\n", opt->db);
        return -1;
    }
    sqlite3_busy_timeout(db->sql, 5000);
    if (exec(db, "PRAGMA journal_mode=WAL") || exec(db, "PRAGMA synchronous=NORMAL") ||
        exec(db, "CREATE TABLE IF NOT EXISTS orders ("
                 "  uuid TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, number INTEGER NOT NULL,"
                 "  created_at INTEGER NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL"
                 ") WITHOUT ROWID") ||
        exec(db, "CREATE TABLE IF NOT EXISTS changes ("
                 "  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                 "  payload TEXT NOT NULL)") ||
        /* --lease-size: kiosk number idx (in order of first contact) holds
         * serials idx * N + 1 .. (idx + 1) * N, so leases never overlap. */
        exec(db, "CREATE TABLE IF NOT EXISTS quarantine ("
                 "  kiosk_id TEXT NOT NULL, id INTEGER NOT NULL, kind TEXT NOT NULL,"
                 "  item_key TEXT NOT NULL, idx INTEGER NOT NULL, cursor TEXT NOT NULL,"
                 "  reason TEXT NOT NULL, received_at INTEGER NOT NULL,"
                 "  PRIMARY KEY (kiosk_id, id))") ||
        exec(db, "CREATE TABLE IF NOT EXISTS leases ("
                 "  kiosk_id TEXT PRIMARY KEY, idx INTEGER NOT NULL UNIQUE)"))
        return -1;
    return exec(db, "BEGIN") || publish_start(db, opt) || exec(db, "COMMIT") ? -1 : 0;
}

void up_db_close(up_Db *db)
{
    if (!db)
        return;
    sqlite3_close(db->sql);
    free(db);
}

static int uuid_ok(const char *u)
{
    if (!u || strlen(u) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? u[i] != '-' : !strchr("0123456789abcdef", u[i]))
            return 0;
    }
    return 1;
}

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Why order `o` from `kiosk` cannot be stored, or NULL. */
static const char *invalid(const cJSON *o, const char *kiosk, const up_Options *opt)
{
    const cJSON *price = cJSON_GetObjectItemCaseSensitive(o, "price_minor");
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(o, "created_at");
    const cJSON *number = cJSON_GetObjectItemCaseSensitive(o, "number");
    const char *cur = str(o, "currency");
    if (!str(o, "kiosk_id") || strcmp(str(o, "kiosk_id"), kiosk) != 0)
        return "kiosk_id does not match the signed kiosk";
    if (!cJSON_IsNumber(created) || created->valuedouble < 0 || !cJSON_IsNumber(number))
        return "created_at and number must be numbers";
    if (!str(o, "charm") || !str(o, "finish") || !str(o, "font") || !str(o, "layout") ||
        !str(o, "text"))
        return "charm, finish, font, layout and text are required";
    if (!cJSON_IsNumber(price) || price->valuedouble < 0)
        return "price_minor must be a number >= 0";
    if (!cur || strlen(cur) != 3)
        return "currency must be a 3-letter code";
    if (opt->reject_charm[0] && strcmp(str(o, "charm"), opt->reject_charm) == 0)
        return "this charm is no longer sold";
    return NULL;
}

/* 1 stored now, 0 already held, -1 error. */
static int store_one(up_Db *db, sqlite3_stmt *st, const cJSON *o, const char *kiosk)
{
    char *text = cJSON_PrintUnformatted(o);
    if (!text)
        return -1;
    sqlite3_bind_text(st, 1, str(o, "uuid"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(o, "number")->valuedouble);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(o, "created_at")->valuedouble);
    sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    cJSON_free(text);
    if (rc != SQLITE_DONE)
        return -1;
    return sqlite3_changes(db->sql) == 1;
}

static char *bad_request(unsigned *code, const char *why)
{
    char buf[200];
    *code = 400;
    snprintf(buf, sizeof buf, "{\"error\":\"%s\"}", why);
    return strdup(buf);
}

char *up_orders(up_Db *db, const up_Options *opt, const char *kiosk, const char *body,
                size_t len, unsigned *code)
{
    char *answer = NULL;
    sqlite3_stmt *st = NULL;
    const cJSON *o;
    cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
    const cJSON *orders = cJSON_GetObjectItemCaseSensitive(root, "orders");
    if (!cJSON_IsArray(orders) || cJSON_GetArraySize(orders) > SYNC_BATCH_MAX) {
        cJSON_Delete(root);
        return bad_request(code, "expected {\"orders\": [at most 100 orders]}");
    }
    cJSON *out = cJSON_CreateObject();
    cJSON *results = out ? cJSON_AddArrayToObject(out, "results") : NULL;
    if (!results || exec(db, "BEGIN IMMEDIATE"))
        goto fail;
    if (sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO orders (uuid, kiosk_id, number,"
                           " created_at, body, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    cJSON_ArrayForEach(o, orders) {
        const char *uuid = str(o, "uuid");
        if (!uuid_ok(uuid))
            continue;                   /* nothing to answer for: no usable key */
        const char *why = invalid(o, kiosk, opt);
        int stored = why ? 0 : store_one(db, st, o, kiosk);
        if (stored < 0)
            goto fail;
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToArray(results, r);
        cJSON_AddStringToObject(r, "uuid", uuid);
        cJSON_AddStringToObject(r, "status", why ? "rejected" : stored ? "accepted" : "duplicate");
        if (why)
            cJSON_AddStringToObject(r, "reason", why);
    }
    if (exec(db, "COMMIT"))
        goto fail;
    answer = cJSON_PrintUnformatted(out);
    *code = 200;
fail:
    if (!answer)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(st);
    cJSON_Delete(out);
    cJSON_Delete(root);
    return answer;
}

char *up_quarantine(up_Db *db, const char *kiosk, const char *body, size_t len, unsigned *code)
{
    char *answer = NULL;
    sqlite3_stmt *st = NULL;
    const cJSON *o;
    cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > 100) {
        cJSON_Delete(root);
        return bad_request(code, "expected {\"items\": [at most 100 items]}");
    }
    cJSON *out = cJSON_CreateObject();
    cJSON *got = out ? cJSON_AddArrayToObject(out, "received") : NULL;
    if (!got || exec(db, "BEGIN IMMEDIATE"))
        goto fail;
    if (sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO quarantine (kiosk_id, id, kind,"
                           " item_key, idx, cursor, reason, received_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    cJSON_ArrayForEach(o, items) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(o, "index");
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "received_at");
        if (!cJSON_IsNumber(id) || !str(o, "kind") || !str(o, "key") || !str(o, "cursor") ||
            !str(o, "reason") || !cJSON_IsNumber(idx) || !cJSON_IsNumber(at))
            continue;                   /* not acknowledged: the kiosk sends it again */
        sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)id->valuedouble);
        sqlite3_bind_text(st, 3, str(o, "kind"), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, str(o, "key"), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)idx->valuedouble);
        sqlite3_bind_text(st, 6, str(o, "cursor"), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, str(o, "reason"), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)at->valuedouble);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE)
            goto fail;
        cJSON_AddItemToArray(got, cJSON_CreateNumber(id->valuedouble));
    }
    if (exec(db, "COMMIT"))
        goto fail;
    answer = cJSON_PrintUnformatted(out);
    *code = 200;
fail:
    if (!answer)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(st);
    cJSON_Delete(out);
    cJSON_Delete(root);
    return answer;
}

/* The --lease-size grant of `kiosk` as an editions item (NULL on error). */
static cJSON *lease_of(up_Db *db, const up_Options *opt, const char *kiosk)
{
    sqlite3_stmt *st = NULL;
    long long idx = -1;
    if (sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO leases (kiosk_id, idx) VALUES"
                           " (?1, (SELECT coalesce(max(idx) + 1, 0) FROM leases))", -1, &st,
                           NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE ||
        sqlite3_prepare_v2(db->sql, "SELECT idx FROM leases WHERE kiosk_id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        idx = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (idx < 0)
        return NULL;
    long long first = idx * opt->lease_size + 1, last = (idx + 1) * opt->lease_size;
    if (last > opt->lease_total)
        last = opt->lease_total;
    cJSON *ed = cJSON_CreateObject();
    cJSON_AddStringToObject(ed, "charm", opt->lease_charm);
    cJSON_AddNumberToObject(ed, "size", opt->lease_total);
    cJSON *leases = cJSON_AddArrayToObject(ed, "leases");
    if (first <= last) {                /* else the run is all granted: none left */
        cJSON *l = cJSON_CreateObject();
        cJSON_AddNumberToObject(l, "first", (double)first);
        cJSON_AddNumberToObject(l, "last", (double)last);
        cJSON_AddItemToArray(leases, l);
    }
    return ed;
}

char *up_changes(up_Db *db, const up_Options *opt, const char *kiosk, const char *since,
                 unsigned *code)
{
    char *answer = NULL, *end = NULL, cursor[32];
    sqlite3_stmt *st = NULL;
    long long from = 0;
    if (since && *since) {
        errno = 0;
        from = strtoll(since, &end, 10);
        if (errno || *end || from < 0)
            return bad_request(code, "since: expected a cursor from this upstream");
    }
    cJSON *out = cJSON_CreateObject();
    cJSON *appts = out ? cJSON_CreateArray() : NULL, *eds = out ? cJSON_CreateArray() : NULL;
    cJSON *cat = NULL;
    int n = 0, more = 0;
    long long last = from;
    if (!appts || !eds ||
        sqlite3_prepare_v2(db->sql, "SELECT seq, kind, payload FROM changes WHERE seq > ?1"
                           " ORDER BY seq LIMIT ?2", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int(st, 2, opt->page_size + 1);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n++ == opt->page_size) {
            more = 1;
            break;
        }
        last = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        cJSON *item = cJSON_Parse((const char *)sqlite3_column_text(st, 2));
        if (!item)
            goto fail;
        if (strcmp(kind, "catalogue") == 0) {
            cJSON_Delete(cat);
            cat = item;                 /* the newest catalogue supersedes older ones */
        } else {
            cJSON_AddItemToArray(strcmp(kind, "edition") == 0 ? eds : appts, item);
        }
    }
    if (opt->lease_size > 0) {         /* every answer restates the kiosk's lease */
        cJSON *ed = lease_of(db, opt, kiosk);
        if (!ed)
            goto fail;
        cJSON_AddItemToArray(eds, ed);
    }
    snprintf(cursor, sizeof cursor, "%lld", last);
    cJSON_AddStringToObject(out, "cursor", cursor);
    cJSON_AddItemToObject(out, "catalogue", cat ? cat : cJSON_CreateNull());
    cat = NULL;
    cJSON_AddItemToObject(out, "appointments", appts);
    cJSON_AddItemToObject(out, "editions", eds);
    appts = eds = NULL;
    cJSON_AddBoolToObject(out, "more", more);
    answer = cJSON_PrintUnformatted(out);
    *code = 200;
fail:
    sqlite3_finalize(st);
    cJSON_Delete(cat);
    cJSON_Delete(appts);
    cJSON_Delete(eds);
    cJSON_Delete(out);
    return answer;
}
