/* upstream.c — the test upstream: a real HTTP(S) server (libmicrohttpd) on
 * 127.0.0.1 that implements the sync protocol (README.md, "Upstream sync") over its
 * own SQLite database, and injects faults on demand.
 *
 *   upstream --port N --db PATH --secret-file F [--tls-cert F --tls-key F]
 *            [--fail-rate P] [--reset-rate P] [--latency-ms N] [--stall]
 *            [--malformed] [--retry-after S] [--reject-charm ID]
 *            [--catalogue FILE] [--appointments N [--appointments-start S]
 *             [--appointments-every S] [--appointments-from K]] [--cancel ID]...
 *            [--page-size N] [--seed N]
 *            [--lease-size N [--lease-charm ID] [--lease-total N]]
 *
 * --port 0 lets the system pick; either way it prints "listening on PORT"
 * once it accepts connections. SIGTERM or SIGINT stops it cleanly (stalled
 * connections are closed). One polling thread serves every connection, so
 * the database is used from one thread only; --latency-ms holds that thread.
 *
 * Faults (P a probability from 0 to 1):
 *   --clock-offset S the upstream's clock runs S seconds ahead (negative: behind)
 *   --fail-rate P    answer HTTP 500 without storing anything
 *   --reset-rate P   store the batch, then drop the connection unanswered
 *                    (the ambiguous case: the kiosk cannot know it arrived)
 *   --latency-ms N   wait N ms before handling each request
 *   --stall          accept requests and never answer them
 *   --malformed      store the batch, then answer 200 with a garbage body
 *   --retry-after S  answer every other request HTTP 429 with Retry-After: S
 *   --retry-after-rate P  ... or each request with probability P instead
 *   --trace DIR      write every request body and answer to DIR, named as
 *                    kiosk-hub --trace names them (schema checks)
 *   --proxy PORT     no database of its own: forward every request to the hub
 *                    (kiosk-hub) on 127.0.0.1:PORT, with the faults above
 *                    around it (500 and 429 before forwarding; reset and
 *                    garbage after the hub stored the batch)
 *   401 answers say which check failed: {"error", "reason": "clock" |
 *   "signature" | "kiosk"}
 *
 * Bad items (published before --appointments, so they come first in the
 * page): --bad-catalogue a catalogue with currency "euro"; --bad-appointment
 * appt-bad with "party": 2; --bad-lease a lease 1..9999 of --lease-charm.
 * POST /v1/quarantine records what the kiosk refused in the table
 * quarantine (kiosk_id, id, kind, item_key, idx, cursor, reason, received_at).
 * --appointments-minutes M: the published appointments last M (30).
 *
 * --appointments N publishes N appointments (one an hour from start) with
 * a name, contact and notes: appt-K, appt-K+1... (K: --appointments-from,
 * 1), the first --appointments-start S seconds from now (3600; negative:
 * in the past), then every --appointments-every S (3600; 0: all in one
 * slot). --cancel ID (up to 16 times) then publishes the cancellation of
 * appointment ID: {"id": ID, "status": "cancelled"}. The database persists
 * across restarts, so a test restarts the upstream on it to publish more. --lease-size N grants each kiosk, in the order
 * they first ask for changes, its own N serials of the edition of
 * --lease-charm (default oval) of --lease-total pieces (default 50): the
 * first kiosk 1..N, the next N+1..2N; every changes answer restates it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>

#include "hub/http_body.h"
#include "tests/upstream/upstream.h"

#define BODY_MAX        SYNC_REQUEST_MAX
#define STALLED_MAX     256
#define TLS_FILE_MAX    (64 * 1024)

typedef struct {
    up_Options opt;
    up_Db *db;
    uint64_t rng;
    unsigned long requests;
    pthread_mutex_t lock;               /* guards stalled[] (MHD thread vs main) */
    struct MHD_Connection *stalled[STALLED_MAX];
    int n_stalled;
    int quitting;
} Server;

/* One request: its raw target (path and query, as signed) and body. */
typedef struct {
    char *uri;
    hub_Body body;
    int started, stalled;
} Request;

static double uniform(Server *s)
{
    /* xorshift64*: reproducible with --seed. */
    s->rng ^= s->rng >> 12;
    s->rng ^= s->rng << 25;
    s->rng ^= s->rng >> 27;
    return (double)((s->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    Request *r = calloc(1, sizeof *r);
    if (r)
        r->uri = strdup(uri);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    Request *r = *req_cls;
    if (r) {
        free(r->uri);
        hub_body_free(&r->body);
        free(r);
    }
    *req_cls = NULL;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned code, const char *body,
                             int retry_after)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
                                                                MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "application/json");
    if (retry_after > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry_after);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    enum MHD_Result ret = MHD_queue_response(conn, code, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *conn, unsigned code, const char *why)
{
    char body[256];
    snprintf(body, sizeof body, "{\"error\":\"%s\"}", why);
    return reply(conn, code, body, 0);
}

/* 401 says which check failed ("reason": clock, signature or kiosk), so
 * the kiosk tells a wrong clock from a wrong secret. */
static enum MHD_Result reply_unauthorized(struct MHD_Connection *conn, const char *why)
{
    char body[256];
    const char *reason = strstr(why, "timestamp") ? "clock"
                       : strstr(why, "signature") && !strstr(why, "missing") ? "signature"
                       : "kiosk";
    snprintf(body, sizeof body, "{\"error\":\"%s\",\"reason\":\"%s\"}", why, reason);
    return reply(conn, 401, body, 0);
}

/* Kiosk id, timestamp within SYNC_CLOCK_SKEW_MAX and signature; NULL when
 * they hold, else why not. */
static const char *check_auth(Server *s, struct MHD_Connection *conn, const char *method,
                              const Request *r, char *kiosk, size_t cap)
{
    const char *id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Kiosk-Id");
    const char *ts = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Timestamp");
    const char *sig = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Signature");
    if (!id || !*id || strlen(id) >= cap || !ts || !sig)
        return "missing X-Kiosk-Id, X-Timestamp or X-Signature";
    char *end = NULL;
    errno = 0;
    long long t = strtoll(ts, &end, 10);
    if (errno || end == ts || *end)
        return "bad X-Timestamp";
    long long skew = t - ((long long)time(NULL) + s->opt.clock_offset);
    if (skew > SYNC_CLOCK_SKEW_MAX || skew < -SYNC_CLOCK_SKEW_MAX)
        return "timestamp more than 5 minutes off";
    if (!sync_sign_verify(s->opt.key, method, r->uri, t, r->body.data, r->body.len, sig))
        return "bad signature";
    snprintf(kiosk, cap, "%s", id);
    return NULL;
}

static void stall(Server *s, struct MHD_Connection *conn, Request *r)
{
    pthread_mutex_lock(&s->lock);
    if (s->n_stalled < STALLED_MAX && !s->quitting) {
        s->stalled[s->n_stalled++] = conn;
        r->stalled = 1;
        MHD_suspend_connection(conn);
    }
    pthread_mutex_unlock(&s->lock);
}

static const char *const garbage[] = {
    "{\"results\": [",
    "<html><body>502 Bad Gateway</body></html>",
    "{\"results\":[{\"uuid\":42,\"status\":\"accepted\"}]}",
    "{\"results\":\"all fine\"}",
    "\x01\x02\xff\xfe",
    "[]",
};

typedef struct {
    char *data;
    size_t len;
} Buf;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    Buf *b = ud;
    size_t add = size * n;
    char *grown = realloc(b->data, b->len + add + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

/* --proxy: the request as received (target, signature headers, body) sent
 * on to the hub on 127.0.0.1; its answer (malloc'd) and status in *code, or
 * NULL when the hub did not answer. The hub checks the signature. */
static char *forward(Server *s, struct MHD_Connection *conn, const char *method,
                     const Request *r, unsigned *code)
{
    static const char *const names[] = { "X-Kiosk-Id", "X-Timestamp", "X-Signature",
                                         "Content-Type" };
    char url[UP_PATH_MAX + 64], line[512];
    Buf b = { NULL, 0 };
    struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, names[i]);
        if (v) {
            snprintf(line, sizeof line, "%s: %s", names[i], v);
            hdrs = curl_slist_append(hdrs, line);
        }
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->opt.proxy_port, r->uri);
    CURL *h = curl_easy_init();
    long status = 0;
    if (h) {
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
        if (strcmp(method, "POST") == 0) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body.data ? r->body.data : "");
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)r->body.len);
        }
        if (curl_easy_perform(h) == CURLE_OK)
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(h);
    }
    curl_slist_free_all(hdrs);
    if (status < 100 || !b.data) {
        free(b.data);
        return NULL;
    }
    *code = (unsigned)status;
    return b.data;
}

/* --trace: one file per body, named as kiosk-hub --trace names them. */
static void trace(Server *s, const char *url, const char *what, const char *text, size_t len,
                  unsigned long n)
{
    char path[UP_PATH_MAX + 128];
    const char *endpoint = strcmp(url, "/v1/orders") == 0 ? "orders"
                         : strcmp(url, "/v1/changes") == 0 ? "changes"
                         : strcmp(url, "/v1/quarantine") == 0 ? "quarantine" : "other";
    if (!s->opt.trace[0] || !text)
        return;
    snprintf(path, sizeof path, "%s/%ld-%06lu-%s-%s.json", s->opt.trace, (long)getpid(), n,
             endpoint, what);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

static enum MHD_Result handle(Server *s, struct MHD_Connection *conn, const char *method,
                              const char *url, Request *r)
{
    char kiosk[SYNC_KIOSK_ID_CAP];
    unsigned long n = ++s->requests;
    trace(s, url, "request", r->body.data ? r->body.data : "", r->body.len, n);
    if (s->opt.latency_ms > 0)
        usleep((useconds_t)s->opt.latency_ms * 1000);
    if (s->opt.stall) {
        stall(s, conn, r);
        return r->stalled ? MHD_YES : MHD_NO;
    }
    if (r->body.too_big)
        return reply_error(conn, 413, "request body too large");
    if (s->opt.proxy_port)
        goto proxied;
    const char *why = check_auth(s, conn, method, r, kiosk, sizeof kiosk);
    if (why)
        return reply_unauthorized(conn, why);
    if (s->opt.fail_rate > 0 && uniform(s) < s->opt.fail_rate)
        return reply_error(conn, 500, "injected failure");
    if (s->opt.retry_after > 0 && (s->opt.retry_after_rate > 0
                                   ? uniform(s) < s->opt.retry_after_rate : n % 2 == 1))
        return reply(conn, 429, "{\"error\":\"slow down\"}", s->opt.retry_after);

    char *answer = NULL;
    unsigned code = 200;
    if (0) {
proxied:
        /* Faults before the hub (nothing stored), the hub's answer, then
         * faults after it (stored, answer lost or garbled). */
        if (s->opt.fail_rate > 0 && uniform(s) < s->opt.fail_rate)
            return reply_error(conn, 500, "injected failure");
        if (s->opt.retry_after > 0 && (s->opt.retry_after_rate > 0
                                       ? uniform(s) < s->opt.retry_after_rate : n % 2 == 1))
            return reply(conn, 429, "{\"error\":\"slow down\"}", s->opt.retry_after);
        answer = forward(s, conn, method, r, &code);
        if (!answer)
            return reply_error(conn, 502, "the hub did not answer");
    } else if (strcmp(method, "POST") == 0 && strcmp(url, "/v1/orders") == 0)
        answer = up_orders(s->db, &s->opt, kiosk, r->body.data, r->body.len, &code);
    else if (strcmp(method, "POST") == 0 && strcmp(url, "/v1/quarantine") == 0)
        answer = up_quarantine(s->db, kiosk, r->body.data, r->body.len, &code);
    else if (strcmp(method, "GET") == 0 && strcmp(url, "/v1/changes") == 0)
        answer = up_changes(s->db, &s->opt, kiosk,
                            MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "since"),
                            &code);
    else
        return reply_error(conn, 404, "no such endpoint");
    if (!answer)
        return reply_error(conn, 500, "upstream out of memory");
    enum MHD_Result ret;
    if (code == 200 && s->opt.reset_rate > 0 && uniform(s) < s->opt.reset_rate)
        ret = MHD_NO;                   /* stored, never answered: the ambiguous case */
    else if (code == 200 && s->opt.malformed)
        ret = reply(conn, 200, garbage[n % (sizeof garbage / sizeof garbage[0])], 0);
    else {
        char what[32];
        snprintf(what, sizeof what, "answer-%u", code);
        trace(s, url, what, answer, strlen(answer), n);
        ret = reply(conn, code, answer, 0);
    }
    free(answer);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    Server *s = cls;
    Request *r = *req_cls;
    if (!r)
        return MHD_NO;
    if (r->stalled)
        return MHD_NO;                  /* resumed at shutdown: close it */
    if (!r->started) {
        r->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return hub_body_append(&r->body, upload_data, n, BODY_MAX) ? MHD_NO : MHD_YES;
    }
    return handle(s, conn, method, url, r);
}

static struct MHD_Daemon *start(Server *s, char **cert, char **key)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->opt.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (s->opt.tls_cert[0]) {
        *cert = hub_file_read(s->opt.tls_cert, TLS_FILE_MAX);
        *key = hub_file_read(s->opt.tls_key, TLS_FILE_MAX);
        if (!*cert || !*key) {
            fprintf(stderr, "upstream: cannot read --tls-cert or --tls-key\n");
            return NULL;
        }
        flags |= MHD_USE_TLS;
        return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                                MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                MHD_OPTION_HTTPS_MEM_CERT, *cert,
                                MHD_OPTION_HTTPS_MEM_KEY, *key,
                                MHD_OPTION_END);
    }
    return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_END);
}

int main(int argc, char **argv)
{
    static Server s;
    char *cert = NULL, *key = NULL;
    int rc = 1;
    struct MHD_Daemon *d = NULL;
    if (up_options_parse(argc, argv, &s.opt) != 0)
        return 2;
    s.rng = s.opt.seed ? s.opt.seed : ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid();
    pthread_mutex_init(&s.lock, NULL);

    /* The daemon's thread inherits this mask: only main takes the signals. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!s.opt.proxy_port && up_db_open(&s.opt, &s.db) != 0)
        goto fail;
    d = start(&s, &cert, &key);
    if (!d) {
        fprintf(stderr, "upstream: cannot listen on 127.0.0.1:%d\n", s.opt.port);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on %u\n", info ? (unsigned)info->port : (unsigned)s.opt.port);
    fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);
    pthread_mutex_lock(&s.lock);
    s.quitting = 1;
    for (int i = 0; i < s.n_stalled; i++)
        MHD_resume_connection(s.stalled[i]);
    pthread_mutex_unlock(&s.lock);
    usleep(100 * 1000);                 /* let the resumed connections close */
    rc = 0;
fail:
    if (d)
        MHD_stop_daemon(d);
    up_db_close(s.db);
    free(cert);
    free(key);
    pthread_mutex_destroy(&s.lock);
    return rc;
}
