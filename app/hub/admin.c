/* admin.c — `kiosk-hub admin ...`: the brand's registry, catalogue,
 * editions, appointments and reports, straight on the hub's database.
 *
 * What goes down to kiosks is checked here first with the kiosk's own rules
 * (a catalogue through the kiosk store's import, an appointment with the
 * protocol's field limits), so the brand hears of a mistake at once instead
 * of every kiosk setting the change aside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <sodium.h>

#include "hub/hub.h"
#include "store/store.h"

#define FILE_MAX (2 * 1024 * 1024)

static int usage(void)
{
    fprintf(stderr,
        "usage: kiosk-hub [--db CONNINFO] admin COMMAND\n"
        "  add-boutique ID NAME                 a boutique (ID: 1 to 64 of a-z 0-9 - _)\n"
        "  add-kiosk BOUTIQUE KIOSK_ID          enrol a kiosk; prints its new secret\n"
        "  publish-catalogue BOUTIQUE|--all FILE   send a catalogue.json to the kiosks\n"
        "  add-edition CHARM --size N --lease N  a numbered edition and its lease size\n"
        "  book BOUTIQUE ID --at UNIX_SECONDS [--minutes M] [--name N] [--contact C]\n"
        "       [--party P] [--notes T]         publish an appointment\n"
        "  cancel BOUTIQUE ID                   publish its cancellation\n"
        "  order-status UUID accepted|rejected [--reason R]   the brand's decision\n"
        "  orders [--boutique B] [--json]       orders received\n"
        "  sell-through [--json]                editions: leased and sold per boutique\n");
    return 2;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(FILE_MAX + 1);
    size_t n = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
    fclose(f);
    if (!buf || n > FILE_MAX) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int add_boutique(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    if (argc != 3)
        return usage();
    if (!hub_id_ok(argv[1])) {
        fprintf(stderr, "kiosk-hub: boutique id '%s': expected 1 to 64 of a-z 0-9 - _\n", argv[1]);
        return 2;
    }
    const char *p[2] = { argv[1], argv[2] };
    PGresult *r = hub_query(pg, PGRES_COMMAND_OK, err, cap,
        "INSERT INTO boutiques (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE"
        " SET name = excluded.name", 2, p);
    PQclear(r);
    if (r)
        printf("boutique %s\n", argv[1]);
    return r ? 0 : 1;
}

static int add_kiosk(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    unsigned char key[32];
    char hex[65];
    if (argc != 3)
        return usage();
    if (!hub_id_ok(argv[2])) {
        fprintf(stderr, "kiosk-hub: kiosk id '%s': expected 1 to 64 of a-z 0-9 - _\n", argv[2]);
        return 2;
    }
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    const char *p[3] = { argv[2], argv[1], hex };
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "INSERT INTO kiosks (id, boutique_id, secret)"
        " SELECT $1, b.id, decode($3, 'hex') FROM boutiques b WHERE b.id = $2"
        " ON CONFLICT (id) DO NOTHING RETURNING id", 3, p);
    int rc = 1;
    if (r && PQntuples(r) == 1) {
        printf("%s\n", hex);            /* the kiosk's secret_file content */
        rc = 0;
    } else if (r) {
        snprintf(err, cap, "kiosk %s exists already, or there is no boutique %s", argv[2],
                 argv[1]);
    }
    sodium_memzero(hex, sizeof hex);
    PQclear(r);
    return rc;
}

static int publish_catalogue(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    size_t len = 0;
    if (argc != 3)
        return usage();
    const char *boutique = strcmp(argv[1], "--all") == 0 ? NULL : argv[1];
    char *text = slurp(argv[2], &len);
    if (!text) {
        snprintf(err, cap, "%s: cannot read it (at most 2 MiB)", argv[2]);
        return 1;
    }
    /* The kiosk's own import on a throwaway store: what it refuses, the
     * brand hears now. */
    store_Db *check = NULL;
    store_Status st = store_open(":memory:", &check);
    if (st == STORE_OK)
        st = store_catalogue_import_text(check, text, len, argv[2]);
    if (st != STORE_OK) {
        snprintf(err, cap, "the catalogue is refused: %s", store_errmsg(check));
        store_close(check);
        free(text);
        return 1;
    }
    store_close(check);
    cJSON *doc = cJSON_ParseWithLength(text, len);
    char *compact = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    free(text);
    int rc = 1;
    /* The reverse: an edition the hub leases keeps its size in every
     * catalogue (kiosks would set aside leases outside it). */
    if (compact) {
        const char *q[1] = { compact };
        PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
            "SELECT e.charm, e.size, coalesce(c->'edition'->>'size', 'none') FROM editions e,"
            " jsonb_array_elements($1::jsonb->'charms') c WHERE c->>'id' = e.charm"
            " AND (c->'edition'->>'size') IS DISTINCT FROM e.size::text", 1, q);
        if (!r) {
            cJSON_free(compact);
            return 1;
        }
        if (PQntuples(r) > 0) {
            snprintf(err, cap, "the catalogue gives %s an edition size of %s, but the hub "
                     "leases it as an edition of %s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2),
                     PQgetvalue(r, 0, 1));
            PQclear(r);
            cJSON_free(compact);
            return 1;
        }
        PQclear(r);
    }
    if (compact && !hub_exec(pg, "BEGIN", err, cap)) {
        if (boutique) {
            const char *p[1] = { boutique };
            PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
                                    "SELECT 1 FROM boutiques WHERE id = $1", 1, p);
            if (r && PQntuples(r) == 0)
                snprintf(err, cap, "no boutique %s", boutique);
            rc = r && PQntuples(r) == 1 ? 0 : 1;
            PQclear(r);
        } else {
            rc = 0;
        }
        if (rc == 0)
            rc = hub_publish(pg, boutique, NULL, "catalogue", "", compact, err, cap) ||
                 hub_exec(pg, "COMMIT", err, cap);
        if (rc)
            PQclear(PQexec(pg, "ROLLBACK"));
    }
    cJSON_free(compact);
    if (rc == 0)
        printf("catalogue published to %s\n", boutique ? boutique : "every boutique");
    return rc;
}

static int number_arg(const char *flag, const char *v, long lo, long hi, long *out)
{
    char *end = NULL;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || end == v || *end || n < lo || n > hi) {
        fprintf(stderr, "kiosk-hub: %s: expected a whole number from %ld to %ld\n", flag, lo, hi);
        return -1;
    }
    *out = n;
    return 0;
}

static int add_edition(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    long size = 0, lease = 0;
    if (argc != 6)
        return usage();
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--size") == 0 && number_arg("--size", argv[i + 1], 1, 10000, &size))
            return 2;
        if (strcmp(argv[i], "--lease") == 0 &&
            number_arg("--lease", argv[i + 1], 1, 10000, &lease))
            return 2;
    }
    if (!size || !lease || strlen(argv[1]) > 31 || !hub_id_ok(argv[1]))
        return usage();
    char s[16], l[16];
    snprintf(s, sizeof s, "%ld", size);
    snprintf(l, sizeof l, "%ld", lease);
    const char *p[3] = { argv[1], s, l };
    /* Kiosks take an edition's size from their catalogue and set aside a
     * lease outside it: the newest catalogue of every boutique that has
     * the charm must say the same size. */
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "SELECT coalesce(x.boutique_id, 'every boutique'), coalesce(c->'edition'->>'size', 'none')"
        " FROM (SELECT DISTINCT ON (coalesce(boutique_id, '')) boutique_id, payload FROM changes"
        "       WHERE kind = 'catalogue' ORDER BY coalesce(boutique_id, ''), seq DESC) x,"
        "      jsonb_array_elements(x.payload->'charms') c"
        " WHERE c->>'id' = $1 AND (c->'edition'->>'size') IS DISTINCT FROM $2", 2, p);
    if (!r)
        return 1;
    if (PQntuples(r) > 0) {
        snprintf(err, cap, "the catalogue published to %s gives %s an edition size of %s, not "
                 "%ld: publish a catalogue with \"edition\": {\"size\": %ld} first",
                 PQgetvalue(r, 0, 0), argv[1], PQgetvalue(r, 0, 1), size, size);
        PQclear(r);
        return 1;
    }
    PQclear(r);
    r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "INSERT INTO editions (charm, size, lease_size) VALUES ($1, $2::integer, $3::integer)"
        " ON CONFLICT (charm) DO UPDATE SET lease_size = excluded.lease_size"
        " WHERE editions.size = excluded.size RETURNING id", 3, p);
    int rc = r && PQntuples(r) == 1 ? 0 : 1;
    if (r && rc)
        snprintf(err, cap, "edition %s exists with another size: its serials are already "
                 "leased", argv[1]);
    else if (r)
        printf("edition %s: %ld pieces, leased %ld at a time\n", argv[1], size, lease);
    PQclear(r);
    return rc;
}

/* Publishes an appointment item for `boutique`. */
static int publish_appt(PGconn *pg, const char *boutique, cJSON *item, const char *id,
                        char *err, size_t cap)
{
    char *text = cJSON_PrintUnformatted(item);
    const char *p[1] = { boutique };
    int rc = 1;
    if (text && !hub_exec(pg, "BEGIN", err, cap)) {
        PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
                                "SELECT 1 FROM boutiques WHERE id = $1", 1, p);
        rc = r && PQntuples(r) == 1 ? 0 : 1;
        if (r && rc)
            snprintf(err, cap, "no boutique %s", boutique);
        PQclear(r);
        if (rc == 0)
            rc = hub_publish(pg, boutique, NULL, "appointment", id, text, err, cap) ||
                 hub_exec(pg, "COMMIT", err, cap);
        if (rc)
            PQclear(PQexec(pg, "ROLLBACK"));
    }
    cJSON_free(text);
    return rc;
}

static int text_arg(const char *flag, const char *v, size_t max)
{
    size_t n = v ? strlen(v) : 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 && !(strcmp(flag, "--notes") == 0 && v[i] == '\n'))
            n = max + 1;
    if (!v || n > max) {
        fprintf(stderr, "kiosk-hub: %s: expected text of at most %zu bytes\n", flag, max);
        return -1;
    }
    return 0;
}

static int book(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    long at = 0, minutes = 30;
    const char *name = NULL, *contact = NULL, *party = NULL, *notes = NULL;
    if (argc < 5 || (argc - 3) % 2)
        return usage();
    if (text_arg("ID", argv[2], 63) || !*argv[2])
        return 2;
    for (int i = 3; i + 1 < argc; i += 2) {
        const char *f = argv[i], *v = argv[i + 1];
        int bad = 0;
        if (strcmp(f, "--at") == 0) bad = number_arg(f, v, 946684800L, 253402214400L, &at);
        else if (strcmp(f, "--minutes") == 0) bad = number_arg(f, v, 1, 1440, &minutes);
        else if (strcmp(f, "--name") == 0) bad = text_arg(f, name = v, 127);
        else if (strcmp(f, "--contact") == 0) bad = text_arg(f, contact = v, 127);
        else if (strcmp(f, "--party") == 0) bad = text_arg(f, party = v, 63);
        else if (strcmp(f, "--notes") == 0) bad = text_arg(f, notes = v, 511);
        else return usage();
        if (bad)
            return 2;
    }
    if (!at) {
        fprintf(stderr, "kiosk-hub: book: --at UNIX_SECONDS is required\n");
        return 2;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", argv[2]);
    cJSON_AddNumberToObject(o, "starts_at", (double)at);
    cJSON_AddNumberToObject(o, "minutes", (double)minutes);
    if (name) cJSON_AddStringToObject(o, "name", name);
    if (contact) cJSON_AddStringToObject(o, "contact", contact);
    if (party) cJSON_AddStringToObject(o, "party", party);
    if (notes) cJSON_AddStringToObject(o, "notes", notes);
    cJSON_AddStringToObject(o, "status", "booked");
    int rc = publish_appt(pg, argv[1], o, argv[2], err, cap);
    cJSON_Delete(o);
    if (rc == 0)
        printf("appointment %s published to %s\n", argv[2], argv[1]);
    return rc;
}

static int cancel(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    if (argc != 3)
        return usage();
    if (text_arg("ID", argv[2], 63) || !*argv[2])
        return 2;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", argv[2]);
    cJSON_AddStringToObject(o, "status", "cancelled");
    int rc = publish_appt(pg, argv[1], o, argv[2], err, cap);
    cJSON_Delete(o);
    if (rc == 0)
        printf("cancellation of %s published to %s\n", argv[2], argv[1]);
    return rc;
}

static int order_status(PGconn *pg, int argc, char **argv, char *err, size_t cap)
{
    const char *reason = NULL;
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--reason") == 0))
        return usage();
    if (argc == 5)
        reason = argv[4];
    if (strcmp(argv[2], "accepted") != 0 && strcmp(argv[2], "rejected") != 0)
        return usage();
    if (strcmp(argv[2], "rejected") == 0 && (!reason || !*reason))
        reason = "refused by the brand";
    if (reason && text_arg("--reason", reason, 159))
        return 2;
    if (strcmp(argv[2], "accepted") == 0)
        reason = NULL;
    const char *p[3] = { argv[1], argv[2], reason };
    if (hub_exec(pg, "BEGIN", err, cap))
        return 1;
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap,
        "UPDATE orders SET status = $2, reason = $3, status_at = now()"
        " WHERE uuid::text = $1 RETURNING kiosk_id", 3, p);
    int rc = r && PQntuples(r) == 1 ? 0 : 1;
    if (r && rc)
        snprintf(err, cap, "no order %s (or its serial is sold again)", argv[1]);
    if (rc == 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "uuid", argv[1]);
        cJSON_AddStringToObject(o, "status", argv[2]);
        if (reason)
            cJSON_AddStringToObject(o, "reason", reason);
        char *text = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        rc = !text || hub_publish(pg, NULL, PQgetvalue(r, 0, 0), "order", argv[1], text, err,
                                  cap) || hub_exec(pg, "COMMIT", err, cap);
        cJSON_free(text);
    }
    PQclear(r);
    if (rc)
        PQclear(PQexec(pg, "ROLLBACK"));
    else
        printf("order %s: %s\n", argv[1], argv[2]);
    return rc;
}

/* Prints a query's rows as text columns or one JSON array of objects
 * (`numeric` columns as numbers). */
static int report(PGconn *pg, const char *sql, int n, const char *const *p, int json,
                  const char *numeric, char *err, size_t cap)
{
    PGresult *r = hub_query(pg, PGRES_TUPLES_OK, err, cap, sql, n, p);
    if (!r)
        return 1;
    int cols = PQnfields(r);
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; arr && i < PQntuples(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(arr, o);
            for (int c = 0; c < cols; c++) {
                const char *k = PQfname(r, c), *v = PQgetvalue(r, i, c);
                char pat[80];
                snprintf(pat, sizeof pat, ",%s,", k);
                if (PQgetisnull(r, i, c))
                    cJSON_AddNullToObject(o, k);
                else if (strstr(numeric, pat))
                    cJSON_AddNumberToObject(o, k, atof(v));
                else
                    cJSON_AddStringToObject(o, k, v);
            }
        }
        char *text = arr ? cJSON_PrintUnformatted(arr) : NULL;
        if (text)
            printf("%s\n", text);
        cJSON_free(text);
        cJSON_Delete(arr);
    } else {
        for (int i = 0; i < PQntuples(r); i++)
            for (int c = 0; c < cols; c++)
                printf("%s%s", PQgetvalue(r, i, c), c + 1 < cols ? "  " : "\n");
    }
    PQclear(r);
    return 0;
}

int hub_admin(const char *conninfo, int argc, char **argv)
{
    char err[HUB_ERR_MAX] = "";
    int rc;
    static const char *const known[] = { "add-boutique", "add-kiosk", "publish-catalogue",
        "add-edition", "book", "cancel", "order-status", "orders", "sell-through" };
    int found = 0;
    for (size_t i = 0; argc >= 1 && i < sizeof known / sizeof known[0]; i++)
        found |= strcmp(argv[0], known[i]) == 0;
    if (!found)
        return usage();                 /* "help" too: before any connection */
    if (sodium_init() < 0) {
        fprintf(stderr, "kiosk-hub: libsodium cannot start\n");
        return 1;
    }
    PGconn *pg = hub_db_connect(conninfo, err, sizeof err);
    if (!pg || hub_db_migrate(pg, err, sizeof err)) {
        fprintf(stderr, "kiosk-hub: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    const char *cmd = argv[0];
    int json = argc > 1 && strcmp(argv[argc - 1], "--json") == 0;
    if (strcmp(cmd, "add-boutique") == 0) rc = add_boutique(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "add-kiosk") == 0) rc = add_kiosk(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "publish-catalogue") == 0)
        rc = publish_catalogue(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "add-edition") == 0) rc = add_edition(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "book") == 0) rc = book(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "cancel") == 0) rc = cancel(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "order-status") == 0) rc = order_status(pg, argc, argv, err, sizeof err);
    else if (strcmp(cmd, "orders") == 0) {
        const char *b = argc >= 3 && strcmp(argv[1], "--boutique") == 0 ? argv[2] : NULL;
        const char *p[1] = { b };
        rc = report(pg, "SELECT uuid::text AS uuid, boutique_id AS boutique, kiosk_id AS kiosk,"
                    " number, charm, serial, price_minor, currency, status, reason,"
                    " to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                    " AS received_at FROM orders WHERE $1::text IS NULL OR boutique_id = $1"
                    " ORDER BY received_at, kiosk_id, number", 1, p, json,
                    ",number,serial,price_minor,", err, sizeof err);
    } else if (strcmp(cmd, "sell-through") == 0) {
        rc = report(pg, "SELECT e.charm, e.size, b.id AS boutique,"
                    " (SELECT coalesce(sum(l.last_serial - l.first_serial + 1), 0) FROM leases l"
                    "   JOIN kiosks k ON k.id = l.kiosk_id"
                    "   WHERE l.edition_id = e.id AND k.boutique_id = b.id) AS leased,"
                    " (SELECT count(*) FROM orders o WHERE o.charm = e.charm AND"
                    "   o.boutique_id = b.id AND o.serial IS NOT NULL AND"
                    "   o.status = 'accepted') AS sold,"
                    " e.size - e.next_serial + 1 AS unleased"
                    " FROM editions e CROSS JOIN boutiques b ORDER BY e.charm, b.id", 0, NULL,
                    json, ",size,leased,sold,unleased,", err, sizeof err);
    } else {
        rc = usage();
    }
    if (rc == 1 && err[0])
        fprintf(stderr, "kiosk-hub: %s\n", err);
    PQfinish(pg);
    return rc;
}
