/* test_sync_protocol.c — the sync part without a network: signatures
 * (against vectors computed with `openssl dgst -mac HMAC`), the secret
 * file, full-jitter backoff bounds, the batch body, the parsers of both
 * answers, and the client's refusal of unsafe URLs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "sync/sync.h"
#include "../test.h"

static unsigned char key[SYNC_SECRET_BYTES];
static char tmpdir[64];

static void fresh_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk-sync.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("cleanup of %s failed\n", tmpdir);
}

/* Writes `text` to <tmpdir>/<name> with `mode`; returns the path (static). */
static const char *write_file(const char *name, const char *text, mode_t mode)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
    return path;
}

static void sample_rows(store_OrderRow *rows, int n)
{
    memset(rows, 0, sizeof *rows * (size_t)n);
    for (int i = 0; i < n; i++) {
        model_Order *o = &rows[i].order;
        snprintf(o->uuid, sizeof o->uuid, "0b7c%04x-0000-4000-8000-00000000%04x", i, i);
        o->number = 1001 + i;
        snprintf(o->charm_id, sizeof o->charm_id, "disc");
        snprintf(o->finish_id, sizeof o->finish_id, "vermeil");
        snprintf(o->font_id, sizeof o->font_id, "sans");
        snprintf(o->layout, sizeof o->layout, "line");
        snprintf(o->text, sizeof o->text, "Léa \"&\" Max\n%d", i);
        snprintf(o->currency, sizeof o->currency, "EUR");
        o->price_minor = 63000;
        o->created_at = 1763723629 + i;
    }
}

/* ---- signatures ---------------------------------------------------------- */

TEST(signature_matches_openssl_hmac_sha256)
{
    char hex[SYNC_SIG_HEX];
    const char *body = "{\"orders\":[]}";
    sync_sign(key, "POST", "/v1/orders", 1700000000, body, strlen(body), hex);
    CHECKF(strcmp(hex, "1e492b4516e9403d700488d32cc69ef712a687a111d51c3e77cebcb64ca4d458") == 0,
           "%s", hex);
    sync_sign(key, "GET", "/api/v1/changes?since=17", 1700000000, NULL, 0, hex);
    CHECKF(strcmp(hex, "29931f7c156b73acc7097e42f657d26ebe7ddbdc3e1ea898d0e788e1218223ef") == 0,
           "%s", hex);
}

TEST(verify_refuses_any_changed_part)
{
    char hex[SYNC_SIG_HEX];
    const char *body = "{\"orders\":[]}";
    size_t len = strlen(body);
    sync_sign(key, "POST", "/v1/orders", 1700000000, body, len, hex);
    CHECK(sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len, hex));
    CHECK(!sync_sign_verify(key, "GET", "/v1/orders", 1700000000, body, len, hex));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orderz", 1700000000, body, len, hex));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000001, body, len, hex));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len - 1, hex));
    unsigned char other[SYNC_SECRET_BYTES];
    memcpy(other, key, sizeof other);
    other[31] ^= 1;
    CHECK(!sync_sign_verify(other, "POST", "/v1/orders", 1700000000, body, len, hex));
    /* Upper-case hex is the same signature; short, long or non-hex is not. */
    char upper[SYNC_SIG_HEX];
    for (int i = 0; i < SYNC_SIG_HEX; i++)
        upper[i] = (char)(hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 32 : hex[i]);
    CHECK(sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len, upper));
    hex[63] = '\0';
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len, hex));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len, ""));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len, NULL));
    CHECK(!sync_sign_verify(key, "POST", "/v1/orders", 1700000000, body, len,
                            "zz492b4516e9403d700488d32cc69ef712a687a111d51c3e77cebcb64ca4d458"));
}

TEST(secret_file_holds_64_hex_digits_for_its_owner_only)
{
    unsigned char k[SYNC_SECRET_BYTES];
    char err[SYNC_ERRMSG_MAX];
    fresh_dir();
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    char text[100];
    snprintf(text, sizeof text, "  %s\n", hex);
    int ok = sync_secret_load(write_file("good", text, 0600), k, err, sizeof err) == 0 &&
             memcmp(k, key, sizeof k) == 0;
    int short_refused = sync_secret_load(write_file("short", "0001020304\n", 0600), k, err,
                                         sizeof err) == -1 && strstr(err, "64 hex digits");
    snprintf(text, sizeof text, "%s00\n", hex);
    int long_refused = sync_secret_load(write_file("long", text, 0600), k, err, sizeof err) == -1;
    snprintf(text, sizeof text, "%s\n", hex);
    int open_refused = sync_secret_load(write_file("open", text, 0644), k, err, sizeof err) == -1
                       && strstr(err, "chmod 600");
    int missing = sync_secret_load("/nonexistent/secret", k, err, sizeof err) == -1 &&
                  strstr(err, "/nonexistent/secret");
    cleanup();
    CHECK(ok);
    CHECK(short_refused);
    CHECK(long_refused);
    CHECK(open_refused);
    CHECK(missing);
}

/* ---- backoff ------------------------------------------------------------- */

TEST(backoff_is_full_jitter_between_zero_and_doubling_ceiling)
{
    int64_t ceiling = 1000;
    for (int attempt = 0; attempt < 40; attempt++) {
        CHECK(sync_backoff_ms(attempt, 1000, 0, 0) == 0);
        int64_t top = sync_backoff_ms(attempt, 1000, UINT32_MAX, 0);
        CHECKF(top == ceiling || top == ceiling - 1, "attempt %d: %lld, ceiling %lld", attempt,
               (long long)top, (long long)ceiling);
        int64_t mid = sync_backoff_ms(attempt, 1000, UINT32_MAX / 2, 0);
        CHECK(mid >= ceiling / 2 - 1 && mid <= ceiling / 2 + 1);
        ceiling = ceiling * 2 > SYNC_BACKOFF_CAP_MS ? SYNC_BACKOFF_CAP_MS : ceiling * 2;
    }
    CHECK(sync_backoff_ms(100000, 1000, UINT32_MAX, 0) <= SYNC_BACKOFF_CAP_MS);
    CHECK(sync_backoff_ms(-3, 1000, UINT32_MAX, 0) <= 1000);
}

TEST(backoff_honours_retry_after_up_to_the_cap)
{
    CHECK(sync_backoff_ms(0, 1000, 0, 7000) == 7000);
    CHECK(sync_backoff_ms(0, 1000, UINT32_MAX, 7000) == 7000);
    CHECK(sync_backoff_ms(10, 1000, UINT32_MAX, 7000) > 7000);
    CHECK(sync_backoff_ms(0, 1000, 0, 3600 * 1000) == SYNC_BACKOFF_CAP_MS);
}

TEST(backoff_spreads_waits_uniformly)
{
    /* 10,000 draws from a fixed LCG: the mean is near half the ceiling and
     * every tenth of the range gets its share. */
    uint32_t r = 12345;
    int64_t sum = 0;
    int bins[10] = { 0 };
    for (int i = 0; i < 10000; i++) {
        r = r * 1664525u + 1013904223u;
        int64_t w = sync_backoff_ms(3, 1000, r, 0);
        CHECK(w >= 0 && w <= 8000);
        sum += w;
        bins[w * 10 / 8001]++;
    }
    CHECKF(sum / 10000 > 3800 && sum / 10000 < 4200, "mean %lld", (long long)(sum / 10000));
    for (int b = 0; b < 10; b++)
        CHECKF(bins[b] > 850 && bins[b] < 1150, "bin %d: %d", b, bins[b]);
}

/* ---- batch body and answers ---------------------------------------------- */

TEST(orders_body_carries_uuid_kiosk_and_creation_time)
{
    store_OrderRow rows[3];
    sample_rows(rows, 3);
    char *body = sync_orders_body("paris-01", rows, 3);
    CHECK(body);
    cJSON *root = cJSON_Parse(body);
    free(body);
    CHECK(root);
    const cJSON *orders = cJSON_GetObjectItemCaseSensitive(root, "orders");
    int ok = cJSON_GetArraySize(orders) == 3 &&
             strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(root, "kiosk_id")), "paris-01") == 0;
    const cJSON *o = cJSON_GetArrayItem(orders, 2);
    ok = ok && strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "uuid")), rows[2].order.uuid) == 0 &&
         strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "kiosk_id")), "paris-01") == 0 &&
         cJSON_GetNumberValue(cJSON_GetObjectItem(o, "created_at")) == 1763723631 &&
         cJSON_GetNumberValue(cJSON_GetObjectItem(o, "number")) == 1003 &&
         strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "text")), "Léa \"&\" Max\n2") == 0 &&
         cJSON_GetNumberValue(cJSON_GetObjectItem(o, "price_minor")) == 63000;
    cJSON_Delete(root);
    CHECK(ok);
}

TEST(orders_answer_maps_each_outcome_to_its_row)
{
    store_OrderRow rows[4];
    store_OutboxResult res[4];
    sync_Report rep = { 0 };
    char err[SYNC_ERRMSG_MAX] = "", body[1024];
    sample_rows(rows, 4);
    snprintf(body, sizeof body,
             "{\"results\":[{\"uuid\":\"%s\",\"status\":\"duplicate\"},"
             "{\"uuid\":\"%s\",\"status\":\"accepted\",\"extra\":1},"
             "{\"uuid\":\"%s\",\"status\":\"rejected\",\"reason\":\"charm withdrawn\"}],"
             "\"server\":\"newer\"}\n",
             rows[2].order.uuid, rows[0].order.uuid, rows[1].order.uuid);
    CHECKF(sync_orders_parse(body, strlen(body), rows, 4, res, &rep, err, sizeof err) == SYNC_OK,
           "%s", err);
    CHECK(strcmp(res[0].uuid, rows[0].order.uuid) == 0 && res[0].outcome == STORE_OUTBOX_SENT);
    CHECK(res[1].outcome == STORE_OUTBOX_REJECTED && strcmp(res[1].reason, "charm withdrawn") == 0);
    CHECK(res[2].outcome == STORE_OUTBOX_SENT);
    CHECK(res[3].outcome == STORE_OUTBOX_RETRY);        /* not mentioned */
    CHECK(rep.accepted == 1 && rep.duplicate == 1 && rep.rejected == 1);
}

/* 1 when `body` is refused as a protocol error, every row left RETRY and
 * the message containing `why`. */
static int refused(const char *body, size_t len, const char *why)
{
    store_OrderRow rows[2];
    store_OutboxResult res[2];
    sync_Report rep = { 0 };
    char err[SYNC_ERRMSG_MAX] = "";
    sample_rows(rows, 2);
    sync_Status st = sync_orders_parse(body, len, rows, 2, res, &rep, err, sizeof err);
    int ok = st == SYNC_ERR_PROTO && res[0].outcome == STORE_OUTBOX_RETRY &&
             res[1].outcome == STORE_OUTBOX_RETRY && rep.accepted == 0 && strstr(err, why);
    if (!ok)
        printf("body '%.60s': status %d, err '%s'\n", body ? body : "(null)", st, err);
    return ok;
}

static int refused_text(const char *body, const char *why)
{
    return refused(body, strlen(body), why);
}

TEST(orders_answer_that_breaks_the_protocol_settles_nothing)
{
    store_OrderRow rows[2];
    sample_rows(rows, 2);
    char body[512];
    CHECK(refused_text("", "empty"));
    CHECK(refused(NULL, 0, "empty"));
    CHECK(refused_text("<html>502</html>", "not valid JSON"));
    CHECK(refused_text("{\"results\": [", "not valid JSON"));
    CHECK(refused_text("[]", "not a JSON object"));
    CHECK(refused_text("{\"results\":\"ok\"}", "\"results\""));
    CHECK(refused_text("{\"results\":[{\"uuid\":42,\"status\":\"accepted\"}]}", "results[0]"));
    snprintf(body, sizeof body, "{\"results\":[{\"uuid\":\"%s\",\"status\":\"accepted\"},"
             "{\"uuid\":\"ffffffff-0000-4000-8000-000000000000\",\"status\":\"accepted\"}]}",
             rows[0].order.uuid);
    CHECK(refused(body, strlen(body), "results[1]: an order the batch did not hold"));
    snprintf(body, sizeof body, "{\"results\":[{\"uuid\":\"%s\",\"status\":\"accepted\"},"
             "{\"uuid\":\"%s\",\"status\":\"duplicate\"}]}", rows[0].order.uuid,
             rows[0].order.uuid);
    CHECK(refused(body, strlen(body), "a second answer"));
    snprintf(body, sizeof body, "{\"results\":[{\"uuid\":\"%s\",\"status\":\"maybe\"}]}",
             rows[0].order.uuid);
    CHECK(refused(body, strlen(body), "unknown status"));
    snprintf(body, sizeof body, "{\"results\":[]} trailing");
    CHECK(refused(body, strlen(body), "not valid JSON"));
    /* Bytes after a NUL inside the length are not ignored. */
    CHECK(refused("{\"results\":[]}\0{", 16, "not valid JSON"));
}

TEST(changes_answer_gives_cursor_catalogue_items_and_more)
{
    const char *body = "{\"cursor\":\"17\",\"catalogue\":{\"version\":1},"
                       "\"appointments\":[{\"id\":\"a\"}],\"editions\":[],\"more\":true}";
    cJSON *root = NULL;
    store_Changes ch;
    int more = 0;
    char err[SYNC_ERRMSG_MAX] = "";
    CHECKF(sync_changes_parse(body, strlen(body), &root, &ch, &more, err, sizeof err) == SYNC_OK,
           "%s", err);
    int ok = strcmp(ch.cursor, "17") == 0 && ch.catalogue && cJSON_GetArraySize(ch.appointments) == 1
             && ch.editions && more == 1;
    sync_json_free(root);
    CHECK(ok);
    body = "{\"cursor\":\"18\",\"catalogue\":null}";
    CHECK(sync_changes_parse(body, strlen(body), &root, &ch, &more, err, sizeof err) == SYNC_OK);
    ok = !ch.catalogue && !ch.appointments && !ch.editions && more == 0;
    sync_json_free(root);
    CHECK(ok);
    static const char *const bad[] = {
        "{}", "{\"cursor\":17}", "{\"cursor\":\"\"}", "{\"cursor\":\"1\",\"catalogue\":[]}",
        "{\"cursor\":\"1\",\"appointments\":{}}", "{\"cursor\":\"1\",\"more\":\"yes\"}", "null",
        "{\"cursor\":\"1\"", "{\"cursor\":\"1\",\"editions\":7}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        root = (cJSON *)1;
        CHECKF(sync_changes_parse(bad[i], strlen(bad[i]), &root, &ch, &more, err, sizeof err)
               == SYNC_ERR_PROTO && root == NULL, "%s", bad[i]);
    }
}

/* ---- client configuration ------------------------------------------------ */

static sync_Status client_with(const char *url, int insecure, const char *secret, char *err)
{
    config_Kiosk cfg;
    config_defaults(&cfg);
    snprintf(cfg.upstream_url, sizeof cfg.upstream_url, "%s", url);
    snprintf(cfg.kiosk_id, sizeof cfg.kiosk_id, "paris-01");
    snprintf(cfg.secret_file, sizeof cfg.secret_file, "%s", secret);
    cfg.allow_insecure_loopback = insecure;
    sync_Client *c = NULL;
    sync_Status st = sync_client_new(&cfg, NULL, &c);
    snprintf(err, SYNC_ERRMSG_MAX, "%s", sync_errmsg(c));
    sync_client_free(c);
    return st;
}

TEST(quarantine_report_body_and_answer)
{
    store_QuarantineItem q[2];
    memset(q, 0, sizeof q);
    q[0].id = 3;
    snprintf(q[0].kind, sizeof q[0].kind, "appointment");
    snprintf(q[0].key, sizeof q[0].key, "appt-7");
    q[0].idx = 1;
    snprintf(q[0].cursor, sizeof q[0].cursor, "251");
    snprintf(q[0].reason, sizeof q[0].reason, "upstream changes: appointments[1].party: x");
    q[0].received_at = 1763723629;
    q[1] = q[0];
    q[1].id = 4;
    snprintf(q[1].kind, sizeof q[1].kind, "catalogue");
    q[1].key[0] = '\0';
    char *body = sync_quarantine_body("paris-01", q, 2);
    CHECK(body);
    CHECKF(body && strcmp(body, "{\"items\":[{\"id\":3,\"kind\":\"appointment\",\"key\":\"appt-7\","
                       "\"index\":1,\"cursor\":\"251\",\"reason\":\"upstream changes: "
                       "appointments[1].party: x\",\"received_at\":1763723629},{\"id\":4,"
                       "\"kind\":\"catalogue\",\"key\":\"\",\"index\":1,\"cursor\":\"251\","
                       "\"reason\":\"upstream changes: appointments[1].party: x\","
                       "\"received_at\":1763723629}],\"kiosk_id\":\"paris-01\"}") == 0, "%s", body);
    free(body);
    char err[SYNC_ERRMSG_MAX] = "";
    int64_t ids[2] = { 3, 4 };
    int acked = -1;
    const char *ok = "{\"received\":[4]}";
    CHECK(sync_quarantine_parse(ok, strlen(ok), ids, 2, &acked, err, sizeof err) == SYNC_OK);
    CHECK(acked == 1 && ids[0] == 4 && ids[1] == 3);
    static const char *const bad[] = {
        "{}", "{\"received\":[5]}", "{\"received\":[4,4]}", "{\"received\":\"all\"}",
        "{\"received\":[\"3\"]}", "[]", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t again[2] = { 3, 4 };
        CHECKF(sync_quarantine_parse(bad[i], strlen(bad[i]), again, 2, &acked, err, sizeof err)
               == SYNC_ERR_PROTO && acked == 0, "%zu", i);
    }
}

TEST(unauthorized_body_says_clock_or_signature)
{
    static const struct { const char *body; sync_AuthReason want; } cases[] = {
        { "{\"error\":\"timestamp more than 5 minutes off\",\"reason\":\"clock\"}", SYNC_AUTH_CLOCK },
        { "{\"error\":\"bad signature\",\"reason\":\"signature\"}", SYNC_AUTH_SIGNATURE },
        { "{\"reason\":\"kiosk\"}", SYNC_AUTH_KIOSK },
        { "{\"error\":\"bad signature\"}", SYNC_AUTH_UNKNOWN },
        { "{\"reason\":7}", SYNC_AUTH_UNKNOWN },
        { "<html>401</html>", SYNC_AUTH_UNKNOWN },
        { "", SYNC_AUTH_UNKNOWN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECKF(sync_auth_reason(cases[i].body, strlen(cases[i].body)) == cases[i].want, "%zu", i);
    CHECK(sync_auth_reason(NULL, 0) == SYNC_AUTH_UNKNOWN);
}

TEST(client_refuses_plain_http_except_to_loopback_when_allowed)
{
    char err[SYNC_ERRMSG_MAX], secret[128];
    fresh_dir();
    snprintf(secret, sizeof secret, "%s",
             write_file("s", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
                        0600));
    int https = client_with("https://orders.maison.example/api/", 0, secret, err) == SYNC_OK;
    int loop_ok = client_with("http://127.0.0.1:8080/", 1, secret, err) == SYNC_OK;
    int loop6_ok = client_with("http://[::1]:8080", 1, secret, err) == SYNC_OK;
    int loop_no = client_with("http://127.0.0.1:8080/", 0, secret, err) == SYNC_ERR_CONFIG &&
                  strstr(err, "allow_insecure_http");
    int remote_no = client_with("http://orders.maison.example/", 1, secret, err) ==
                    SYNC_ERR_CONFIG;
    int name_no = client_with("http://localhost:8080/", 1, secret, err) == SYNC_ERR_CONFIG;
    int ftp_no = client_with("ftp://127.0.0.1/", 1, secret, err) == SYNC_ERR_CONFIG;
    int nosecret = client_with("https://x.example/", 0, "/nonexistent/s", err) == SYNC_ERR_CONFIG
                   && strstr(err, "/nonexistent/s");
    int nourl = client_with("", 0, secret, err) == SYNC_ERR_CONFIG && strstr(err, "upstream_url");
    cleanup();
    CHECK(https);
    CHECK(loop_ok);
    CHECK(loop6_ok);
    CHECK(loop_no);
    CHECK(remote_no);
    CHECK(name_no);
    CHECK(ftp_no);
    CHECK(nosecret);
    CHECK(nourl);
}

int main(void)
{
    for (int i = 0; i < SYNC_SECRET_BYTES; i++)
        key[i] = (unsigned char)i;
    RUN(signature_matches_openssl_hmac_sha256);
    RUN(verify_refuses_any_changed_part);
    RUN(secret_file_holds_64_hex_digits_for_its_owner_only);
    RUN(backoff_is_full_jitter_between_zero_and_doubling_ceiling);
    RUN(backoff_honours_retry_after_up_to_the_cap);
    RUN(backoff_spreads_waits_uniformly);
    RUN(orders_body_carries_uuid_kiosk_and_creation_time);
    RUN(orders_answer_maps_each_outcome_to_its_row);
    RUN(orders_answer_that_breaks_the_protocol_settles_nothing);
    RUN(changes_answer_gives_cursor_catalogue_items_and_more);
    RUN(quarantine_report_body_and_answer);
    RUN(unauthorized_body_says_clock_or_signature);
    RUN(client_refuses_plain_http_except_to_loopback_when_allowed);
    return test_summary();
}
