/* api.c — protocol v1's three endpoints over PostgreSQL (docs/protocol-v1.md).
 *
 * Everything a request reads or writes is keyed by the signed kiosk: its
 * orders, its leases, the changes of its boutique. A body that names another
 * kiosk is refused; a UUID another kiosk already used is rejected for this
 * one and leaves the other's order untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "hub/hub.h"

#define ITEMS_MAX      1000     /* appointments + editions + orders in one page */
#define ORDERS_MAX     100      /* orders in one POST /v1/orders */
#define REPORT_MAX     100      /* items in one POST /v1/quarantine */
#define REASON_MAX     160      /* bytes of a rejection reason, with the NUL */
#define LEASES_MAX     64       /* leases of one edition in one item (the kiosk's cap) */

void hub_answer_error(hub_Answer *out, unsigned code, const char *why)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", why);
    out->code = code;
    out->body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
}

int hub_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_", s[i]))
            return 0;
    return 1;
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

static int whole(const cJSON *v, double lo, double hi)
{
    return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi &&
           v->valuedouble == (double)(long long)v->valuedouble;
}

/* A string of min..max bytes without control characters. */
static int text_ok(const cJSON *v, size_t min, size_t max)
{
    const char *s = cJSON_GetStringValue(v);
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* One edition as the batch sees it: its charm and this kiosk's leases. */
typedef struct {
    char charm[64];
    int n;
    int first[LEASES_MAX], last[LEASES_MAX];
} Edition;

typedef struct {
    Edition *e;
    int n;
} Editions;

static int editions_load(PGconn *pg, const char *kiosk, Editions *eds, char *err, size_t cap)
{
    const char *p[1] = { kiosk };
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "SELECT e.charm, l.first_serial, l.last_serial FROM editions e"
        " LEFT JOIN leases l ON l.edition_id = e.id AND l.kiosk_id = $1"
        " ORDER BY e.charm, l.first_serial", 1, p);
    if (!r)
        return -1;
    int rows = PQntuples(r);
    eds->e = calloc((size_t)rows + 1, sizeof *eds->e);
    eds->n = 0;
    for (int i = 0; eds->e && i < rows; i++) {
        const char *charm = PQgetvalue(r, i, 0);
        if (eds->n == 0 || strcmp(eds->e[eds->n - 1].charm, charm) != 0)
            snprintf(eds->e[eds->n++].charm, sizeof eds->e[0].charm, "%s", charm);
        Edition *e = &eds->e[eds->n - 1];
        if (!PQgetisnull(r, i, 1) && e->n < LEASES_MAX) {
            e->first[e->n] = atoi(PQgetvalue(r, i, 1));
            e->last[e->n] = atoi(PQgetvalue(r, i, 2));
            e->n++;
        }
    }
    PQclear(r);
    if (!eds->e)
        snprintf(err, cap, "out of memory");
    return eds->e ? 0 : -1;
}

/* Why order `o` cannot be accepted from `who` (written into why), or 0. */
static int order_refusal(const cJSON *o, const hub_Caller *who, const Editions *eds,
                         char *why, size_t cap)
{
    static const char *const ids[] = { "charm", "finish", "font", "layout" };
    const cJSON *serial = get(o, "serial"), *pieces = get(o, "pieces"), *p;
    if (!text_ok(get(o, "kiosk_id"), 1, 64) ||
        strcmp(cJSON_GetStringValue(get(o, "kiosk_id")), who->kiosk) != 0)
        return snprintf(why, cap, "kiosk_id: not the kiosk that signed the request"), 1;
    if (!whole(get(o, "number"), 1, 9007199254740991.0))
        return snprintf(why, cap, "number: expected a whole number from 1"), 1;
    if (!whole(get(o, "created_at"), 0, 253402300799.0))
        return snprintf(why, cap, "created_at: expected whole Unix seconds"), 1;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (!text_ok(get(o, ids[i]), 1, 31))
            return snprintf(why, cap, "%s: expected an id of 1 to 31 bytes", ids[i]), 1;
    if (!text_ok(get(o, "text"), 0, 127))
        return snprintf(why, cap, "text: expected text of at most 127 bytes"), 1;
    if (!whole(get(o, "price_minor"), 0, 9007199254740991.0))
        return snprintf(why, cap, "price_minor: expected a whole number from 0"), 1;
    const char *cur = cJSON_GetStringValue(get(o, "currency"));
    if (!cur || strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
        return snprintf(why, cap, "currency: expected a 3-letter ISO 4217 code"), 1;
    if (pieces && (!cJSON_IsArray(pieces) || cJSON_GetArraySize(pieces) > 16))
        return snprintf(why, cap, "pieces: expected an array of at most 16 pieces"), 1;
    cJSON_ArrayForEach(p, pieces)
        if (!cJSON_IsObject(p) || !text_ok(get(p, "charm"), 1, 31) ||
            !text_ok(get(p, "font"), 1, 31) || !text_ok(get(p, "layout"), 1, 31) ||
            !text_ok(get(p, "text"), 0, 127))
            return snprintf(why, cap, "pieces: expected {charm, font, layout, text} each"), 1;
    if (serial && !whole(serial, 1, 10000))
        return snprintf(why, cap, "serial: expected a whole number from 1 to 10000"), 1;
    const char *charm = cJSON_GetStringValue(get(o, "charm"));
    for (int i = 0; i < eds->n; i++) {
        const Edition *e = &eds->e[i];
        if (strcmp(e->charm, charm) != 0)
            continue;
        if (!serial)
            return snprintf(why, cap, "serial: required, %s is a numbered edition", charm), 1;
        int s = (int)serial->valuedouble, in = 0;
        for (int k = 0; k < e->n && !in; k++)
            in = s >= e->first[k] && s <= e->last[k];
        if (!in)
            return snprintf(why, cap, "serial: %d of %s is not leased to this kiosk", s, charm), 1;
    }
    return 0;
}

/* Adds one row for the INSERT's jsonb_to_recordset. */
static int add_row(cJSON *rows, const cJSON *o, const hub_Caller *who, const char *uuid,
                   const char *reason)
{
    cJSON *r = cJSON_CreateObject();
    if (!r)
        return -1;
    cJSON_AddItemToArray(rows, r);
    const cJSON *serial = get(o, "serial");
    char *body = cJSON_PrintUnformatted(o);
    int ok = body && cJSON_AddStringToObject(r, "uuid", uuid) &&
             cJSON_AddStringToObject(r, "kiosk_id", who->kiosk) &&
             cJSON_AddStringToObject(r, "boutique_id", who->boutique) &&
             cJSON_AddRawToObject(r, "body", body);
    cJSON_free(body);
    if (!ok)
        return -1;
    if (reason) {
        cJSON_AddStringToObject(r, "status", "rejected");
        cJSON_AddStringToObject(r, "reason", reason);
        return 0;
    }
    cJSON_AddStringToObject(r, "status", "accepted");
    cJSON_AddNumberToObject(r, "number", get(o, "number")->valuedouble);
    cJSON_AddNumberToObject(r, "created_at", get(o, "created_at")->valuedouble);
    cJSON_AddStringToObject(r, "charm", cJSON_GetStringValue(get(o, "charm")));
    cJSON_AddNumberToObject(r, "price_minor", get(o, "price_minor")->valuedouble);
    cJSON_AddStringToObject(r, "currency", cJSON_GetStringValue(get(o, "currency")));
    if (serial)
        cJSON_AddNumberToObject(r, "serial", serial->valuedouble);
    return 0;
}

static const char *const insert_sql =
    "INSERT INTO orders (uuid, kiosk_id, boutique_id, number, created_at, charm, serial,"
    "  price_minor, currency, body, status, reason)"
    " SELECT x.uuid, x.kiosk_id, x.boutique_id, x.number, x.created_at, x.charm, x.serial,"
    "  x.price_minor, x.currency, x.body, x.status, x.reason"
    " FROM jsonb_to_recordset($1::jsonb) AS x(uuid uuid, kiosk_id text, boutique_id text,"
    "  number bigint, created_at bigint, charm text, serial integer, price_minor bigint,"
    "  currency text, body jsonb, status text, reason text)"
    " ON CONFLICT DO NOTHING RETURNING uuid";

/* The stored outcome of each UUID of `uuids` (a JSON array text). */
static PGresult *stored(PGconn *pg, const char *uuids, char *err, size_t cap)
{
    const char *p[1] = { uuids };
    return hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "SELECT o.uuid::text, o.kiosk_id, o.status, coalesce(o.reason, '') FROM orders o"
        " WHERE o.uuid IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))",
        1, p);
}

typedef struct {
    const char *uuid;
    const cJSON *order;
    char reason[REASON_MAX];
    int refused;            /* reason holds why (validation) */
    int inserted;
    const char *status;     /* the answer: accepted, duplicate, rejected */
} Row;

static int find_uuid(const Row *rows, int n, const char *uuid)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].uuid, uuid) == 0)
            return i;
    return -1;
}

/* Reads the batch into rows[0..*n): 0, or -1 with the 400 answer set. */
static int parse_batch(const cJSON *root, const hub_Caller *who, Row *rows, int *n,
                       hub_Answer *out)
{
    char why[200];
    const cJSON *orders = get(root, "orders"), *o;
    const cJSON *kid = get(root, "kiosk_id");
    if (!cJSON_IsObject(root))
        return hub_answer_error(out, 400, "the body is not a JSON object"), -1;
    if (!cJSON_IsArray(orders) || cJSON_GetArraySize(orders) > ORDERS_MAX)
        return hub_answer_error(out, 400, "orders: expected an array of at most 100 orders"), -1;
    if (kid && (!cJSON_IsString(kid) || strcmp(kid->valuestring, who->kiosk) != 0))
        return hub_answer_error(out, 400, "kiosk_id: not the kiosk that signed the request"), -1;
    *n = 0;
    cJSON_ArrayForEach(o, orders) {
        const char *uuid = cJSON_GetStringValue(get(o, "uuid"));
        if (!cJSON_IsObject(o) || !uuid_ok(uuid)) {
            snprintf(why, sizeof why, "orders[%d].uuid: expected a lowercase UUID "
                     "(8-4-4-4-12 hex digits)", *n);
            return hub_answer_error(out, 400, why), -1;
        }
        if (find_uuid(rows, *n, uuid) >= 0) {
            snprintf(why, sizeof why, "orders[%d].uuid: twice in one batch", *n);
            return hub_answer_error(out, 400, why), -1;
        }
        memset(&rows[*n], 0, sizeof rows[*n]);
        rows[*n].uuid = uuid;
        rows[*n].order = o;
        (*n)++;
    }
    return 0;
}

/* Runs insert_sql on `arr` (a JSON array of rows); marks the rows it
 * inserted in rows[] when `mark`. 0, or -1 with err set. */
static int insert_rows(PGconn *pg, const cJSON *arr, Row *rows, int n, int mark, char *err,
                       size_t cap)
{
    char *text = cJSON_PrintUnformatted(arr);
    if (!text)
        return snprintf(err, cap, "out of memory"), -1;
    const char *p[1] = { text };
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap, insert_sql, 1, p);
    cJSON_free(text);
    if (!r)
        return -1;
    for (int i = 0; mark && i < PQntuples(r); i++) {
        int k = find_uuid(rows, n, PQgetvalue(r, i, 0));
        if (k >= 0) {
            rows[k].inserted = 1;
            rows[k].status = rows[k].refused ? "rejected" : "accepted";
        }
    }
    PQclear(r);
    return 0;
}

/* The rows not inserted: held already (this kiosk's: its stored outcome;
 * another kiosk's: rejected here, theirs untouched), or their serial is
 * sold (stored as rejected). 0, or -1 with err set. */
static int settle_held(PGconn *pg, const hub_Caller *who, Row *rows, int n, char *err,
                       size_t cap)
{
    cJSON *missing = cJSON_CreateArray(), *again = cJSON_CreateArray();
    int rc = -1;
    for (int i = 0; missing && i < n; i++)
        if (!rows[i].inserted)
            cJSON_AddItemToArray(missing, cJSON_CreateString(rows[i].uuid));
    if (!missing || !again) {
        snprintf(err, cap, "out of memory");
        goto done;
    }
    if (cJSON_GetArraySize(missing) == 0) {
        rc = 0;
        goto done;
    }
    char *text = cJSON_PrintUnformatted(missing);
    PGresult *r = text ? stored(pg, text, err, cap) : NULL;
    cJSON_free(text);
    if (!r)
        goto done;
    for (int i = 0; i < PQntuples(r); i++) {
        int k = find_uuid(rows, n, PQgetvalue(r, i, 0));
        if (k < 0)
            continue;
        if (strcmp(PQgetvalue(r, i, 1), who->kiosk) != 0) {
            rows[k].status = "rejected";
            snprintf(rows[k].reason, sizeof rows[k].reason,
                     "uuid: already used by another kiosk's order");
        } else if (strcmp(PQgetvalue(r, i, 2), "accepted") == 0) {
            rows[k].status = "duplicate";
        } else {
            rows[k].status = "rejected";
            snprintf(rows[k].reason, sizeof rows[k].reason, "%s", PQgetvalue(r, i, 3));
        }
    }
    PQclear(r);
    for (int i = 0; i < n; i++) {
        if (rows[i].status)
            continue;
        const cJSON *s = get(rows[i].order, "serial");
        snprintf(rows[i].reason, sizeof rows[i].reason, "serial: %d of %s is already sold",
                 s ? (int)s->valuedouble : 0, cJSON_GetStringValue(get(rows[i].order, "charm")));
        rows[i].status = "rejected";
        if (add_row(again, rows[i].order, who, rows[i].uuid, rows[i].reason)) {
            snprintf(err, cap, "out of memory");
            goto done;
        }
    }
    rc = cJSON_GetArraySize(again) ? insert_rows(pg, again, rows, n, 0, err, cap) : 0;
done:
    cJSON_Delete(missing);
    cJSON_Delete(again);
    return rc;
}

/* The answer: one result per order, in the batch's order. */
static char *results_body(const Row *rows, int n)
{
    cJSON *ans = cJSON_CreateObject();
    cJSON *results = ans ? cJSON_AddArrayToObject(ans, "results") : NULL;
    for (int i = 0; results && i < n; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddItemToArray(results, it);
        cJSON_AddStringToObject(it, "uuid", rows[i].uuid);
        cJSON_AddStringToObject(it, "status", rows[i].status ? rows[i].status : "rejected");
        if (rows[i].status && strcmp(rows[i].status, "rejected") == 0)
            cJSON_AddStringToObject(it, "reason", rows[i].reason[0] ? rows[i].reason
                                                                    : "refused by the brand");
    }
    char *body = results ? cJSON_PrintUnformatted(ans) : NULL;
    cJSON_Delete(ans);
    return body;
}

void hub_api_orders(PGconn *pg, const hub_Caller *who, const char *body, size_t len,
                    hub_Answer *out)
{
    char err[HUB_ERR_MAX];
    Editions eds = { 0 };
    Row rows[ORDERS_MAX];
    cJSON *ins = NULL;
    int n = 0, in_tx = 0;
    cJSON *root = cJSON_ParseWithLength(body ? body : "", len);
    if (parse_batch(root, who, rows, &n, out))
        goto done;
    if (hub_exec(pg, "BEGIN", err, sizeof err))
        goto fail;
    in_tx = 1;
    if (editions_load(pg, who->kiosk, &eds, err, sizeof err))
        goto fail;
    ins = cJSON_CreateArray();
    for (int i = 0; ins && i < n; i++) {
        rows[i].refused = order_refusal(rows[i].order, who, &eds, rows[i].reason,
                                        sizeof rows[i].reason);
        if (add_row(ins, rows[i].order, who, rows[i].uuid,
                    rows[i].refused ? rows[i].reason : NULL)) {
            cJSON_Delete(ins);
            ins = NULL;
        }
    }
    if (!ins) {
        snprintf(err, sizeof err, "out of memory");
        goto fail;
    }
    if (insert_rows(pg, ins, rows, n, 1, err, sizeof err) ||
        settle_held(pg, who, rows, n, err, sizeof err) ||
        hub_exec(pg, "COMMIT", err, sizeof err))
        goto fail;
    in_tx = 0;
    out->code = 200;
    out->body = results_body(rows, n);
    goto done;
fail:
    fprintf(stderr, "kiosk-hub: orders from %s: %s\n", who->kiosk, err);
    hub_answer_error(out, 503, "the hub's database failed; send the batch again");
    out->retry_after = 1;
done:
    if (in_tx)
        PQclear(PQexec(pg, "ROLLBACK"));
    free(eds.e);
    cJSON_Delete(ins);
    cJSON_Delete(root);
}

/* ---- leases ---- */

/* The kiosk's whole lease list of edition `id` as an editions item. */
static char *lease_item(PGconn *pg, const char *id, const char *kiosk, char *err, size_t cap)
{
    const char *p[2] = { id, kiosk };
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "SELECT e.charm, e.size, l.first_serial, l.last_serial FROM editions e"
        " JOIN leases l ON l.edition_id = e.id AND l.kiosk_id = $2"
        " WHERE e.id = $1::integer ORDER BY l.first_serial LIMIT 64", 2, p);
    if (!r)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    if (o && PQntuples(r) > 0) {
        cJSON_AddStringToObject(o, "charm", PQgetvalue(r, 0, 0));
        cJSON_AddNumberToObject(o, "size", atoi(PQgetvalue(r, 0, 1)));
        cJSON *ls = cJSON_AddArrayToObject(o, "leases");
        for (int i = 0; ls && i < PQntuples(r); i++) {
            cJSON *l = cJSON_CreateObject();
            cJSON_AddItemToArray(ls, l);
            cJSON_AddNumberToObject(l, "first", atoi(PQgetvalue(r, i, 2)));
            cJSON_AddNumberToObject(l, "last", atoi(PQgetvalue(r, i, 3)));
        }
        text = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(o);
    PQclear(r);
    if (!text)
        snprintf(err, cap, "cannot write the lease item");
    return text;
}

/* Serials this kiosk holds unsold in `edition` falls to half a lease or less. */
static const char *const low_sql =
    "SELECT e.id FROM editions e WHERE e.next_serial <= e.size AND"
    " (SELECT coalesce(sum(l.last_serial - l.first_serial + 1), 0) FROM leases l"
    "   WHERE l.edition_id = e.id AND l.kiosk_id = $1)"
    " - (SELECT count(*) FROM orders o WHERE o.kiosk_id = $1 AND o.charm = e.charm"
    "   AND o.serial IS NOT NULL AND o.status = 'accepted')"
    " <= e.lease_size / 2";

int hub_leases_refill(PGconn *pg, const char *kiosk, char *err, size_t cap)
{
    const char *p[1] = { kiosk };
    PGresult *low = hub_query(pg, PGRES_TUPLES_OK, err, cap, low_sql, 1, p);
    if (!low)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(low); i++) {
        const char *id = PQgetvalue(low, i, 0);
        const char *q[2] = { id, kiosk };
        char *item = NULL;
        PGresult *r = NULL;
        /* The edition's row lock serializes every grant of that edition
         * across hub processes; the condition is checked again under it, since
         * the same kiosk may ask through two processes at once. */
        rc = hub_exec(pg, "BEGIN", err, cap);
        if (rc == 0) {
            r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
                "SELECT 1 FROM editions WHERE id = $1::integer FOR UPDATE", 1, q);
            rc = r ? 0 : -1;
            PQclear(r);
        }
        if (rc == 0) {
            r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
                "WITH e AS (SELECT id, next_serial AS f,"
                "   least(size, next_serial + lease_size - 1) AS t FROM editions"
                "   WHERE id = $1::integer AND next_serial <= size"
                "   AND id IN (" "SELECT e.id FROM editions e WHERE e.id = $1::integer AND"
                "   (SELECT coalesce(sum(l.last_serial - l.first_serial + 1), 0) FROM leases l"
                "     WHERE l.edition_id = e.id AND l.kiosk_id = $2)"
                "   - (SELECT count(*) FROM orders o WHERE o.kiosk_id = $2 AND o.charm = e.charm"
                "     AND o.serial IS NOT NULL AND o.status = 'accepted') <= e.lease_size / 2)),"
                " g AS (INSERT INTO leases (edition_id, kiosk_id, first_serial, last_serial)"
                "   SELECT id, $2, f, t FROM e RETURNING edition_id, last_serial)"
                " UPDATE editions SET next_serial = g.last_serial + 1 FROM g"
                " WHERE editions.id = g.edition_id RETURNING editions.id", 2, q);
            rc = r ? 0 : -1;
        }
        if (rc == 0 && PQntuples(r) > 0) {
            item = lease_item(pg, id, kiosk, err, cap);
            rc = item ? hub_publish(pg, NULL, kiosk, "edition", "lease", item, err, cap) : -1;
        }
        PQclear(r);
        free(item);
        if (rc == 0)
            rc = hub_exec(pg, "COMMIT", err, cap);
        else
            PQclear(PQexec(pg, "ROLLBACK"));
    }
    PQclear(low);
    return rc;
}

/* ---- changes ---- */

/* since: "" or absent for the beginning, else a cursor this hub gave. */
static int cursor_parse(const char *since, long long *seq)
{
    *seq = 0;
    if (!since || !*since)
        return 0;
    size_t n = strlen(HUB_CURSOR_PREFIX);
    if (strncmp(since, HUB_CURSOR_PREFIX, n) != 0 || strlen(since) > 40)
        return -1;
    const char *d = since + n;
    if (!*d || strspn(d, "0123456789") != strlen(d) || strlen(d) > 18)
        return -1;
    *seq = atoll(d);
    return 0;
}

void hub_api_changes(PGconn *pg, const hub_Caller *who, const char *since, hub_Answer *out)
{
    char err[HUB_ERR_MAX], from[32], lim[16], cursor[64];
    long long seq;
    PGresult *r = NULL;
    cJSON *ans = NULL, *cat = NULL;
    /* A cursor this hub never gave (another upstream's, before the kiosk
     * moved here) or one beyond its log (the database restored from an
     * older backup) starts from the beginning: every change applies
     * idempotently, and skipping would lose some for good. */
    int foreign = cursor_parse(since, &seq) != 0;
    if (hub_leases_refill(pg, who->kiosk, err, sizeof err))
        goto fail;
    r = hub_query(pg, PGRES_TUPLES_OK, err, sizeof err, "SELECT seq FROM change_seq", 0, NULL);
    if (!r)
        goto fail;
    if (foreign || seq > atoll(PQgetvalue(r, 0, 0)))
        seq = 0;
    PQclear(r);
    r = NULL;
    snprintf(from, sizeof from, "%lld", seq);
    snprintf(lim, sizeof lim, "%d", HUB_PAGE_MAX + 1);
    const char *p[4] = { from, who->boutique, who->kiosk, lim };
    r = hub_query(pg, PGRES_TUPLES_OK, err, sizeof err,
        "SELECT seq, kind, payload::text FROM changes WHERE seq > $1::bigint"
        " AND (boutique_id IS NULL OR boutique_id = $2)"
        " AND (kiosk_id IS NULL OR kiosk_id = $3)"
        " ORDER BY seq LIMIT $4::integer", 4, p);
    if (!r)
        goto fail;
    ans = cJSON_CreateObject();
    cJSON *appts = cJSON_CreateArray(), *eds = cJSON_CreateArray(), *ords = cJSON_CreateArray();
    int rows = PQntuples(r), more = rows > HUB_PAGE_MAX;
    long long last = seq;
    for (int i = 0; i < rows && i < HUB_PAGE_MAX; i++) {
        const char *kind = PQgetvalue(r, i, 1);
        cJSON *item = cJSON_Parse(PQgetvalue(r, i, 2));
        last = atoll(PQgetvalue(r, i, 0));
        if (!item)
            continue;
        if (strcmp(kind, "catalogue") == 0) {
            cJSON_Delete(cat);
            cat = item;             /* the newest catalogue of the page supersedes */
        } else {
            cJSON_AddItemToArray(strcmp(kind, "edition") == 0 ? eds
                                 : strcmp(kind, "order") == 0 ? ords : appts, item);
        }
    }
    snprintf(cursor, sizeof cursor, HUB_CURSOR_PREFIX "%lld", last);
    cJSON_AddStringToObject(ans, "cursor", cursor);
    cJSON_AddBoolToObject(ans, "more", more);
    cJSON_AddItemToObject(ans, "catalogue", cat ? cat : cJSON_CreateNull());
    cat = NULL;
    cJSON_AddItemToObject(ans, "appointments", appts);
    cJSON_AddItemToObject(ans, "editions", eds);
    cJSON_AddItemToObject(ans, "orders", ords);
    out->code = 200;
    out->body = cJSON_PrintUnformatted(ans);
    goto done;
fail:
    fprintf(stderr, "kiosk-hub: changes for %s: %s\n", who->kiosk, err);
    hub_answer_error(out, 503, "the hub's database failed; ask again");
    out->retry_after = 1;
done:
    PQclear(r);
    cJSON_Delete(cat);
    cJSON_Delete(ans);
}

/* ---- quarantine ---- */

void hub_api_quarantine(PGconn *pg, const hub_Caller *who, const char *body, size_t len,
                        hub_Answer *out)
{
    char err[HUB_ERR_MAX], why[160];
    cJSON *root = cJSON_ParseWithLength(body ? body : "", len), *ans = NULL;
    const cJSON *items = get(root, "items"), *o, *kid = get(root, "kiosk_id");
    int i = 0;
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > REPORT_MAX) {
        hub_answer_error(out, 400, "items: expected an array of at most 100 items");
        goto done;
    }
    if (kid && (!cJSON_IsString(kid) || strcmp(kid->valuestring, who->kiosk) != 0)) {
        hub_answer_error(out, 400, "kiosk_id: not the kiosk that signed the request");
        goto done;
    }
    cJSON_ArrayForEach(o, items) {
        const char *kind = cJSON_GetStringValue(get(o, "kind"));
        const char *bad = NULL;
        if (!whole(get(o, "id"), 1, 9007199254740991.0)) bad = "id";
        else if (!kind || (strcmp(kind, "catalogue") && strcmp(kind, "appointment") &&
                           strcmp(kind, "edition"))) bad = "kind";
        else if (!text_ok(get(o, "key"), 0, 63)) bad = "key";
        else if (!whole(get(o, "index"), 0, 100000)) bad = "index";
        else if (!text_ok(get(o, "cursor"), 0, 127)) bad = "cursor";
        else if (!text_ok(get(o, "reason"), 1, 255)) bad = "reason";
        else if (!whole(get(o, "received_at"), 0, 253402300799.0)) bad = "received_at";
        if (bad) {
            snprintf(why, sizeof why, "items[%d].%s: missing or not as protocol v1 says", i, bad);
            hub_answer_error(out, 400, why);
            goto done;
        }
        i++;
    }
    char *text = cJSON_PrintUnformatted(items);
    const char *p[2] = { who->kiosk, text };
    PGresult *r = text ? hub_query(pg, PGRES_TUPLES_OK, err, sizeof err,
        "WITH x AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id bigint, kind text,"
        "  key text, index integer, cursor text, reason text, received_at bigint)),"
        " i AS (INSERT INTO quarantine (kiosk_id, id, kind, item_key, idx, cursor, reason,"
        "  received_at) SELECT $1, id, kind, key, index, cursor, reason, received_at FROM x"
        "  ON CONFLICT DO NOTHING RETURNING id)"
        " SELECT DISTINCT id FROM x", 2, p) : NULL;
    cJSON_free(text);
    if (!r) {
        fprintf(stderr, "kiosk-hub: quarantine report from %s: %s\n", who->kiosk, err);
        hub_answer_error(out, 503, "the hub's database failed; report again");
        out->retry_after = 1;
        goto done;
    }
    ans = cJSON_CreateObject();
    cJSON *got = cJSON_AddArrayToObject(ans, "received");
    for (int k = 0; got && k < PQntuples(r); k++)
        cJSON_AddItemToArray(got, cJSON_CreateNumber(atof(PQgetvalue(r, k, 0))));
    PQclear(r);
    out->code = 200;
    out->body = cJSON_PrintUnformatted(ans);
done:
    cJSON_Delete(ans);
    cJSON_Delete(root);
}
