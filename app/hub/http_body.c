/* http_body.c — see http_body.h. */
#include "hub/http_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hub_body_append(hub_Body *b, const char *data, size_t n, size_t max)
{
    if (b->too_big || b->len + n > max) {
        b->too_big = 1;
        return 0;
    }
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return -1;
    b->data = grown;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

void hub_body_free(hub_Body *b)
{
    if (b) {
        free(b->data);
        b->data = NULL;
        b->len = 0;
    }
}

char *hub_file_read(const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, max + 1);
    size_t n = buf ? fread(buf, 1, max, f) : 0;
    fclose(f);
    if (buf && n == 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}
