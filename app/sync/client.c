/* client.c — HTTPS to the upstream with libcurl: one easy handle per client,
 * so the connection (and its TLS session) is kept between requests.
 *
 * Security settings that no configuration can turn off: peer and host
 * verification; no redirects; https only, except plain http to a literal
 * loopback address when the configuration says allow_insecure_http =
 * loopback (the test upstream). ca_file replaces the CA bundle;
 * pinned_public_key adds CURLOPT_PINNEDPUBLICKEY. Proxies come from the
 * usual environment variables (libcurl reads them), never for loopback.
 *
 * Timeouts: connect (sync_connect_timeout) and total (sync_timeout); a
 * stalled upstream costs at most the total timeout, and the stop flag
 * aborts a transfer within a fraction of a second (progress callback).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "sync/sync_int.h"

#define USER_AGENT  "atelier-kiosk-sync/1"
#define URL_MAX     (CONFIG_STR_MAX + STORE_CURSOR_MAX * 3 + 64)

struct sync_Client {
    CURL *curl;
    int global_init;                    /* curl_global_init succeeded */
    char origin[CONFIG_STR_MAX];        /* "https://host:port" */
    char prefix[CONFIG_STR_MAX];        /* the URL's path without its trailing '/' */
    char kiosk_id[CONFIG_STR_MAX];
    int stations;                       /* cfg->stations: where upstream appointments go */
    int slot_minutes;                   /* cfg->slot_minutes: their length unless told */
    int open_minute, close_minute;      /* cfg's opening_hours: when they may be placed */
    unsigned char key[SYNC_SECRET_BYTES];
    const volatile sig_atomic_t *stop;
    long timeout_s;
    int64_t retry_after_ms;
    char *body;                         /* the last answer, NUL-terminated */
    size_t len;
    int too_big;
    char curl_err[CURL_ERROR_SIZE];
    char err[SYNC_ERRMSG_MAX];
};

sync_Status sync_client_fail(sync_Client *c, sync_Status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return st;
}

const char *sync_errmsg(const sync_Client *c)
{
    if (!c)
        return "out of memory";
    return c->err[0] ? c->err : "no error";
}

int64_t sync_retry_after_ms(const sync_Client *c)
{
    return c ? c->retry_after_ms : 0;
}

const char *sync_client_body(const sync_Client *c, size_t *len)
{
    *len = c->len;
    return c->body ? c->body : "";
}

const char *sync_client_kiosk_id(const sync_Client *c)
{
    return c->kiosk_id;
}

int sync_client_stations(const sync_Client *c)
{
    return c->stations;
}

int sync_client_slot_minutes(const sync_Client *c)
{
    return c->slot_minutes;
}

void sync_client_hours(const sync_Client *c, int *open_minute, int *close_minute)
{
    *open_minute = c->open_minute;
    *close_minute = c->close_minute;
}

int sync_client_stopping(const sync_Client *c)
{
    return c->stop && *c->stop;
}

char *sync_client_escape(sync_Client *c, const char *s)
{
    char *e = curl_easy_escape(c->curl, s, 0);
    char *copy = e ? strdup(e) : NULL;
    curl_free(e);
    return copy;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
    sync_Client *c = user;
    size_t n = size * nmemb;
    if (c->len + n > SYNC_BODY_MAX) {
        c->too_big = 1;
        return 0;                       /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    char *grown = realloc(c->body, c->len + n + 1);
    if (!grown)
        return 0;
    c->body = grown;
    memcpy(c->body + c->len, ptr, n);
    c->len += n;
    c->body[c->len] = '\0';
    return n;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    const sync_Client *c = user;
    return sync_client_stopping(c);     /* non-zero aborts: CURLE_ABORTED_BY_CALLBACK */
}

/* 1 for a literal loopback host as libcurl normalises it. */
static int host_is_loopback(const char *host)
{
    if (strcmp(host, "[::1]") == 0)
        return 1;
    if (strncmp(host, "127.", 4) != 0)
        return 0;
    for (const char *p = host; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.'))
            return 0;
    return 1;
}

/* Splits upstream_url into origin and path prefix and checks its scheme.
 * *loopback is set when the host is a loopback address. */
static sync_Status parse_url(sync_Client *c, const config_Kiosk *cfg, int *loopback)
{
    sync_Status status = SYNC_ERR_CONFIG;
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL, *user = NULL;
    CURLU *u = curl_url();
    if (!u)
        return sync_client_fail(c, SYNC_ERR, "out of memory");
    if (curl_url_set(u, CURLUPART_URL, cfg->upstream_url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
        sync_client_fail(c, status, "upstream_url: not a URL");
        goto fail;
    }
    curl_url_get(u, CURLUPART_PORT, &port, 0);
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    curl_url_get(u, CURLUPART_USER, &user, 0);
    if (query || user) {
        sync_client_fail(c, status, "upstream_url: no query or user name allowed");
        goto fail;
    }
    *loopback = host_is_loopback(host);
    if (strcmp(scheme, "http") == 0 && !(*loopback && cfg->allow_insecure_loopback)) {
        sync_client_fail(c, status, "upstream_url: plain http is allowed only to 127.0.0.1 or "
                         "[::1] with allow_insecure_http = loopback; use https");
        goto fail;
    }
    if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
        sync_client_fail(c, status, "upstream_url: expected https://");
        goto fail;
    }
    snprintf(c->origin, sizeof c->origin, "%s://%s%s%s", scheme, host, port ? ":" : "",
             port ? port : "");
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] == '/')
        n--;
    snprintf(c->prefix, sizeof c->prefix, "%.*s", (int)n, path);
    status = curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, scheme) == CURLE_OK
             ? SYNC_OK : sync_client_fail(c, SYNC_ERR_CONFIG, "libcurl refuses %s", scheme);
fail:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(query);
    curl_free(user);
    curl_url_cleanup(u);
    return status;
}

static sync_Status setup_curl(sync_Client *c, const config_Kiosk *cfg, int loopback)
{
    CURL *h = c->curl;
    CURLcode rc = CURLE_OK;
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->curl_err);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)cfg->sync_connect_timeout);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->sync_timeout);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_USERAGENT, USER_AGENT);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    if (!rc) rc = curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    if (!rc && loopback)
        rc = curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    if (rc)
        return sync_client_fail(c, SYNC_ERR, "cannot set up libcurl: %s", curl_easy_strerror(rc));
    if (cfg->ca_file[0] && curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file) != CURLE_OK)
        return sync_client_fail(c, SYNC_ERR_CONFIG, "ca_file: libcurl cannot use it");
    if (cfg->pinned_public_key[0] &&
        curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, cfg->pinned_public_key) != CURLE_OK)
        return sync_client_fail(c, SYNC_ERR_CONFIG,
                                "pinned_public_key: this libcurl cannot pin public keys");
    return SYNC_OK;
}

sync_Status sync_client_new(const config_Kiosk *cfg, const volatile sig_atomic_t *stop,
                            sync_Client **out)
{
    sync_Status status = SYNC_ERR_CONFIG;
    char why[SYNC_ERRMSG_MAX];
    int loopback = 0;
    sync_Client *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return SYNC_ERR;
    c->stop = stop;
    c->timeout_s = cfg->sync_timeout;
    if (!cfg->upstream_url[0] || !cfg->kiosk_id[0] || !cfg->secret_file[0])
        return sync_client_fail(c, SYNC_ERR_CONFIG, "sync needs upstream_url, kiosk_id and "
                                "secret_file in the configuration");
    snprintf(c->kiosk_id, sizeof c->kiosk_id, "%s", cfg->kiosk_id);
    c->stations = cfg->stations;
    c->slot_minutes = cfg->slot_minutes;
    c->open_minute = cfg->open_minute;
    c->close_minute = cfg->close_minute;
    if (sodium_init() < 0)
        return sync_client_fail(c, SYNC_ERR, "cannot initialise libsodium");
    if (sync_secret_load(cfg->secret_file, c->key, why, sizeof why) != 0)
        return sync_client_fail(c, SYNC_ERR_CONFIG, "%s", why);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return sync_client_fail(c, SYNC_ERR, "cannot initialise libcurl");
    c->global_init = 1;
    c->curl = curl_easy_init();
    if (!c->curl)
        return sync_client_fail(c, SYNC_ERR, "cannot initialise libcurl");
    status = parse_url(c, cfg, &loopback);
    if (status == SYNC_OK)
        status = setup_curl(c, cfg, loopback);
    return status;
}

void sync_client_free(sync_Client *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    if (c->global_init)
        curl_global_cleanup();
    free(c->body);
    sodium_memzero(c->key, sizeof c->key);
    free(c);
}

/* Plain words for a transfer that got no HTTP answer. */
static sync_Status transfer_failed(sync_Client *c, CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return sync_client_fail(c, SYNC_ERR_NET, "the upstream did not answer within %ld s",
                                c->timeout_s);
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return sync_client_fail(c, SYNC_ERR_NET, "cannot connect to the upstream (%s)",
                                c->curl_err[0] ? c->curl_err : curl_easy_strerror(rc));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return sync_client_fail(c, SYNC_ERR_NET, "the upstream's TLS certificate is not "
                                "trusted (%s)", c->curl_err[0] ? c->curl_err : "verification failed");
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return sync_client_fail(c, SYNC_ERR_NET, "the upstream's public key does not match "
                                "pinned_public_key");
    case CURLE_ABORTED_BY_CALLBACK:
        return sync_client_fail(c, SYNC_ERR_NET, "stopped before the upstream answered");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
        return sync_client_fail(c, SYNC_ERR_NET, "the upstream closed the connection without "
                                "answering");
    case CURLE_WRITE_ERROR:
        if (c->too_big)
            return sync_client_fail(c, SYNC_ERR_PROTO, "the upstream's answer is larger than "
                                    "%d bytes", SYNC_BODY_MAX);
        return sync_client_fail(c, SYNC_ERR, "out of memory reading the upstream's answer");
    default:
        return sync_client_fail(c, SYNC_ERR_NET, "cannot reach the upstream: %s",
                                c->curl_err[0] ? c->curl_err : curl_easy_strerror(rc));
    }
}

static sync_Status http_failed(sync_Client *c, long code)
{
    /* A wrong secret and a wrong clock need different people: the
     * upstream's 401 says which ("reason", README "Protocol"). */
    int why = code == 401 ? sync_auth_reason(c->body, c->len) : SYNC_AUTH_UNKNOWN;
    if (why == SYNC_AUTH_CLOCK)
        return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream refused the kiosk's clock "
                                "(HTTP 401): it is more than %d minutes off the upstream's; "
                                "set the time (NTP)", SYNC_CLOCK_SKEW_MAX / 60);
    if (why == SYNC_AUTH_SIGNATURE)
        return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream refused the kiosk's signature "
                                "(HTTP 401): secret_file does not hold the secret the upstream "
                                "has for kiosk %s", c->kiosk_id);
    if (why == SYNC_AUTH_KIOSK)
        return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream does not know kiosk %s "
                                "(HTTP 401): check kiosk_id", c->kiosk_id);
    if (code == 401 || code == 403)
        return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream refused the kiosk's signature "
                                "(HTTP %ld): check kiosk_id, secret_file and the clock", code);
    if (code == 429 || code == 503)
        return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream is busy (HTTP %ld) and asked "
                                "to wait %lld s", code, (long long)(c->retry_after_ms / 1000));
    return sync_client_fail(c, SYNC_ERR_HTTP, "the upstream answered HTTP %ld", code);
}

sync_Status sync_client_request(sync_Client *c, const char *method, const char *path_query,
                                const char *body, size_t len)
{
    char url[URL_MAX], path[URL_MAX], sig[SYNC_SIG_HEX], h_sig[128], h_ts[64];
    char h_id[CONFIG_STR_MAX + 16];
    struct curl_slist *headers = NULL, *more = NULL;
    sync_Status status = SYNC_ERR;
    long code = 0;

    c->len = 0;
    c->too_big = 0;
    c->retry_after_ms = 0;
    c->curl_err[0] = '\0';
    if (c->body)
        c->body[0] = '\0';
    if (len > SYNC_REQUEST_MAX)
        return sync_client_fail(c, SYNC_ERR, "a request of %zu bytes is over the cap", len);
    if (snprintf(path, sizeof path, "%s%s", c->prefix, path_query) >= (int)sizeof path ||
        snprintf(url, sizeof url, "%s%s", c->origin, path) >= (int)sizeof url)
        return sync_client_fail(c, SYNC_ERR, "the request's URL is too long");
    int64_t now = (int64_t)time(NULL);
    sync_sign(c->key, method, path, now, body, len, sig);
    snprintf(h_id, sizeof h_id, "X-Kiosk-Id: %s", c->kiosk_id);
    snprintf(h_ts, sizeof h_ts, "X-Timestamp: %lld", (long long)now);
    snprintf(h_sig, sizeof h_sig, "X-Signature: %s", sig);
    const char *lines[] = { h_id, h_ts, h_sig, "Content-Type: application/json",
                            "Accept: application/json", "Expect:" };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        more = curl_slist_append(headers, lines[i]);
        if (!more) {
            sync_client_fail(c, SYNC_ERR, "out of memory");
            goto fail;
        }
        headers = more;
    }
    int post = strcmp(method, "POST") == 0;
    CURLcode rc = curl_easy_setopt(c->curl, CURLOPT_URL, url);
    if (!rc) rc = curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
    if (!rc && post) rc = curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    if (!rc && post) rc = curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body ? body : "");
    if (!rc && !post) rc = curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
    if (rc) {
        sync_client_fail(c, SYNC_ERR, "cannot set up the request: %s", curl_easy_strerror(rc));
        goto fail;
    }
    rc = curl_easy_perform(c->curl);
    if (rc != CURLE_OK) {
        status = transfer_failed(c, rc);
        goto fail;
    }
    curl_off_t wait = 0;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
    if (curl_easy_getinfo(c->curl, CURLINFO_RETRY_AFTER, &wait) == CURLE_OK && wait > 0)
        c->retry_after_ms = (int64_t)wait * 1000;
    status = code == 200 ? SYNC_OK : http_failed(c, code);
fail:
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);
    return status;
}
