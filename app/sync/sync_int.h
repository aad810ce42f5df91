/* sync_int.h — what the sync part's files share; not part of its face. */
#ifndef SYNC_INT_H
#define SYNC_INT_H

#include "sync/sync.h"

/* Sends one signed request: method "GET" or "POST", path_query relative to
 * the upstream_url's path ("/v1/orders", "/v1/changes?since=17", already
 * escaped), body (borrowed, may be NULL for GET). SYNC_OK only for HTTP 200;
 * the answer's bytes are then sync_client_body's until the next request. */
sync_Status sync_client_request(sync_Client *c, const char *method, const char *path_query,
                                const char *body, size_t len);

/* The last answer's body (NUL-terminated, *len bytes), borrowed. */
const char *sync_client_body(const sync_Client *c, size_t *len);

const char *sync_client_kiosk_id(const sync_Client *c);
/* The configuration's engraving stations (upstream appointments). */
int sync_client_stations(const sync_Client *c);
/* The configuration's slot length: an upstream appointment's when it does
 * not say. */
int sync_client_slot_minutes(const sync_Client *c);

/* The configuration's opening_hours, minutes after midnight. */
void sync_client_hours(const sync_Client *c, int *open_minute, int *close_minute);

/* 1 once the stop flag given to sync_client_new is set. */
int sync_client_stopping(const sync_Client *c);

/* Sets the client's message (printf-style); returns st for tail calls. */
sync_Status sync_client_fail(sync_Client *c, sync_Status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A string escaped for a URL query (curl_easy_escape), malloc'd; NULL on
 * out of memory. Caller frees with free(). */
char *sync_client_escape(sync_Client *c, const char *s);

#endif
