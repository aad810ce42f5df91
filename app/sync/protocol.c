/* protocol.c — the JSON of the protocol (README.md, "Upstream sync"), with cJSON:
 * the body of a batch, and the two answers the kiosk reads.
 *
 * The parsers read what the network hands them, so they trust nothing:
 * lengths come with the bytes, every type is checked before use, a UUID in
 * an answer must be one the batch sent, and they are fuzzed
 * (tests/fuzz/fuzz_sync_response.c). Keys the protocol does not know are
 * ignored, so a newer upstream may add fields.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "sync/sync.h"

static sync_Status proto_fail(char *err, size_t errcap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sync_Status proto_fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errcap)
        vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return SYNC_ERR_PROTO;
}

char *sync_orders_body(const char *kiosk_id, const store_OrderRow *rows, int n)
{
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *orders = root ? cJSON_AddArrayToObject(root, "orders") : NULL;
    if (!orders || !cJSON_AddStringToObject(root, "kiosk_id", kiosk_id))
        goto fail;
    for (int i = 0; i < n; i++) {
        const model_Order *o = &rows[i].order;
        cJSON *it = cJSON_CreateObject();
        if (!it)
            goto fail;
        cJSON_AddItemToArray(orders, it);
        if (!cJSON_AddStringToObject(it, "uuid", o->uuid) ||
            !cJSON_AddStringToObject(it, "kiosk_id", kiosk_id) ||
            !cJSON_AddNumberToObject(it, "number", (double)o->number) ||
            !cJSON_AddNumberToObject(it, "created_at", (double)o->created_at) ||
            !cJSON_AddStringToObject(it, "charm", o->charm_id) ||
            !cJSON_AddStringToObject(it, "finish", o->finish_id) ||
            !cJSON_AddStringToObject(it, "font", o->font_id) ||
            !cJSON_AddStringToObject(it, "layout", o->layout) ||
            !cJSON_AddStringToObject(it, "text", o->text) ||
            !cJSON_AddNumberToObject(it, "price_minor", (double)o->price_minor) ||
            !cJSON_AddStringToObject(it, "currency", o->currency))
            goto fail;
        /* A limited edition's serial: the upstream can see that no serial
         * was sold twice across kiosks (the leases make sure of it). */
        if (o->serial && !cJSON_AddNumberToObject(it, "serial", o->serial))
            goto fail;
        /* A set's matching pieces, in the order's finish. */
        if (store_pieces_json(o, it) != 0)
            goto fail;
    }
    text = cJSON_PrintUnformatted(root);
fail:
    cJSON_Delete(root);
    return text;
}

/* Parses body[0..len) as one JSON object with nothing but whitespace after
 * it; NULL and a message otherwise. */
static cJSON *parse_object(const char *body, size_t len, char *err, size_t errcap)
{
    const char *end = NULL;
    if (!body || len == 0) {
        proto_fail(err, errcap, "the upstream sent an empty answer");
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    for (const char *p = end; root && p && p < body + len; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            cJSON_Delete(root);
            root = NULL;
        }
    if (!root) {
        proto_fail(err, errcap, "the upstream's answer is not valid JSON");
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        proto_fail(err, errcap, "the upstream's answer is not a JSON object");
        return NULL;
    }
    return root;
}

static int find_row(const store_OrderRow *rows, int n, const char *uuid)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].order.uuid, uuid) == 0)
            return i;
    return -1;
}

sync_Status sync_orders_parse(const char *body, size_t len, const store_OrderRow *rows, int n,
                              store_OutboxResult *results, sync_Report *rep,
                              char *err, size_t errcap)
{
    sync_Status status = SYNC_ERR_PROTO;
    sync_Report counts = { 0 };
    const cJSON *it;
    for (int i = 0; i < n; i++) {
        memset(&results[i], 0, sizeof results[i]);
        snprintf(results[i].uuid, sizeof results[i].uuid, "%s", rows[i].order.uuid);
        results[i].outcome = STORE_OUTBOX_RETRY;
    }
    cJSON *root = parse_object(body, len, err, errcap);
    if (!root)
        return SYNC_ERR_PROTO;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "results");
    if (!cJSON_IsArray(arr)) {
        proto_fail(err, errcap, "the upstream's answer has no \"results\" array");
        goto fail;
    }
    int k = 0;
    cJSON_ArrayForEach(it, arr) {
        const char *uuid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "uuid"));
        const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "status"));
        const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "reason"));
        int i = uuid ? find_row(rows, n, uuid) : -1;
        if (!cJSON_IsObject(it) || !uuid || !st) {
            proto_fail(err, errcap, "results[%d]: expected an object with uuid and status", k);
            goto fail;
        }
        if (i < 0) {
            proto_fail(err, errcap, "results[%d]: an order the batch did not hold", k);
            goto fail;
        }
        store_OutboxResult *r = &results[i];
        if (r->outcome != STORE_OUTBOX_RETRY) {
            proto_fail(err, errcap, "results[%d]: a second answer for one order", k);
            goto fail;
        }
        if (strcmp(st, "accepted") == 0) {
            r->outcome = STORE_OUTBOX_SENT;
            counts.accepted++;
        } else if (strcmp(st, "duplicate") == 0) {
            r->outcome = STORE_OUTBOX_SENT;
            counts.duplicate++;
        } else if (strcmp(st, "rejected") == 0) {
            r->outcome = STORE_OUTBOX_REJECTED;
            snprintf(r->reason, sizeof r->reason, "%s", why && *why ? why : "no reason given");
            counts.rejected++;
        } else {
            proto_fail(err, errcap, "results[%d]: unknown status (expected accepted, duplicate "
                       "or rejected)", k);
            goto fail;
        }
        k++;
    }
    status = SYNC_OK;
    rep->accepted += counts.accepted;
    rep->duplicate += counts.duplicate;
    rep->rejected += counts.rejected;
fail:
    if (status != SYNC_OK)
        for (int i = 0; i < n; i++) {
            results[i].outcome = STORE_OUTBOX_RETRY;
            results[i].reason[0] = '\0';
        }
    cJSON_Delete(root);
    return status;
}

sync_Status sync_changes_parse(const char *body, size_t len, cJSON **root, store_Changes *ch,
                               int *more, char *err, size_t errcap)
{
    memset(ch, 0, sizeof *ch);
    *more = 0;
    *root = parse_object(body, len, err, errcap);
    if (!*root)
        return SYNC_ERR_PROTO;
    const cJSON *cursor = cJSON_GetObjectItemCaseSensitive(*root, "cursor");
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(*root, "catalogue");
    const cJSON *appts = cJSON_GetObjectItemCaseSensitive(*root, "appointments");
    const cJSON *eds = cJSON_GetObjectItemCaseSensitive(*root, "editions");
    const cJSON *ords = cJSON_GetObjectItemCaseSensitive(*root, "orders");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(*root, "more");
    const char *bad = NULL;
    if (!cJSON_IsString(cursor) || !cursor->valuestring[0] ||
        strlen(cursor->valuestring) >= STORE_CURSOR_MAX)
        bad = "\"cursor\": expected a string of 1 to 127 bytes";
    else if (cat && !cJSON_IsNull(cat) && !cJSON_IsObject(cat))
        bad = "\"catalogue\": expected an object or null";
    else if (appts && !cJSON_IsNull(appts) && !cJSON_IsArray(appts))
        bad = "\"appointments\": expected an array";
    else if (eds && !cJSON_IsNull(eds) && !cJSON_IsArray(eds))
        bad = "\"editions\": expected an array";
    else if (ords && !cJSON_IsNull(ords) && !cJSON_IsArray(ords))
        bad = "\"orders\": expected an array";
    else if (m && !cJSON_IsBool(m))
        bad = "\"more\": expected true or false";
    if (bad) {
        cJSON_Delete(*root);
        *root = NULL;
        return proto_fail(err, errcap, "the upstream's changes: %s", bad);
    }
    ch->cursor = cursor->valuestring;
    ch->catalogue = cJSON_IsObject(cat) ? cat : NULL;
    ch->appointments = cJSON_IsArray(appts) ? appts : NULL;
    ch->editions = cJSON_IsArray(eds) ? eds : NULL;
    ch->orders = cJSON_IsArray(ords) ? ords : NULL;
    *more = cJSON_IsTrue(m);
    return SYNC_OK;
}

void sync_json_free(cJSON *root)
{
    cJSON_Delete(root);
}

sync_AuthReason sync_auth_reason(const char *body, size_t len)
{
    sync_AuthReason why = SYNC_AUTH_UNKNOWN;
    cJSON *root = body && len ? cJSON_ParseWithLength(body, len) : NULL;
    const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "reason"));
    if (r && strcmp(r, "clock") == 0)
        why = SYNC_AUTH_CLOCK;
    else if (r && strcmp(r, "signature") == 0)
        why = SYNC_AUTH_SIGNATURE;
    else if (r && strcmp(r, "kiosk") == 0)
        why = SYNC_AUTH_KIOSK;
    cJSON_Delete(root);
    return why;
}

char *sync_quarantine_body(const char *kiosk_id, const store_QuarantineItem *items, int n)
{
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "items") : NULL;
    if (!arr || !cJSON_AddStringToObject(root, "kiosk_id", kiosk_id))
        goto fail;
    for (int i = 0; i < n; i++) {
        const store_QuarantineItem *q = &items[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto fail;
        cJSON_AddItemToArray(arr, o);
        if (!cJSON_AddNumberToObject(o, "id", (double)q->id) ||
            !cJSON_AddStringToObject(o, "kind", q->kind) ||
            !cJSON_AddStringToObject(o, "key", q->key) ||
            !cJSON_AddNumberToObject(o, "index", q->idx) ||
            !cJSON_AddStringToObject(o, "cursor", q->cursor) ||
            !cJSON_AddStringToObject(o, "reason", q->reason) ||
            !cJSON_AddNumberToObject(o, "received_at", (double)q->received_at))
            goto fail;
    }
    text = cJSON_PrintUnformatted(root);
fail:
    cJSON_Delete(root);
    return text;
}

sync_Status sync_quarantine_parse(const char *body, size_t len, int64_t *ids, int n,
                                  int *acked, char *err, size_t errcap)
{
    const cJSON *it;
    *acked = 0;
    cJSON *root = parse_object(body, len, err, errcap);
    if (!root)
        return SYNC_ERR_PROTO;
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(root, "received");
    sync_Status status = SYNC_OK;
    if (!cJSON_IsArray(got))
        status = proto_fail(err, errcap, "the upstream's answer to the report has no "
                            "\"received\" array");
    cJSON_ArrayForEach(it, got) {
        if (status != SYNC_OK)
            break;
        int at = -1;
        for (int i = *acked; cJSON_IsNumber(it) && i < n && at < 0; i++)
            if ((double)ids[i] == it->valuedouble)
                at = i;
        if (at < 0) {
            /* Named twice, not a number, or never sent. */
            status = proto_fail(err, errcap, "the upstream's answer to the report names an "
                                "item it was not sent");
            break;
        }
        int64_t t = ids[*acked];
        ids[*acked] = ids[at];
        ids[at] = t;
        (*acked)++;
    }
    if (status != SYNC_OK)
        *acked = 0;
    cJSON_Delete(root);
    return status;
}
