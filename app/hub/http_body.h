/* http_body.h — what an HTTP server keeps of a request's body while
 * libmicrohttpd hands it over in pieces, and the small files (TLS
 * certificate and key) it reads at start. Shared by kiosk-hub and the test
 * upstream, so both bound a body the same way. */
#ifndef HUB_HTTP_BODY_H
#define HUB_HTTP_BODY_H

#include <stddef.h>

typedef struct {
    char *data;         /* owned; NUL-terminated; NULL until a byte came */
    size_t len;
    int too_big;        /* 1 once the body passed its cap: nothing more kept */
} hub_Body;

/* Appends data[0..n) unless the body would pass `max` bytes (then too_big is
 * set and the body stays as it was, for a 413). 0, or -1 out of memory. */
int hub_body_append(hub_Body *b, const char *data, size_t n, size_t max);

/* Frees what the body holds (b itself is the caller's); NULL is fine. */
void hub_body_free(hub_Body *b);

/* The whole of a file of at most `max` bytes, NUL-terminated, owned by the
 * caller; NULL when it cannot be read or is empty. */
char *hub_file_read(const char *path, size_t max);

#endif
