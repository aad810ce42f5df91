/* script.c — see script.h. */
#include "headless/script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRIPT_MAX_BYTES (4 << 20)

static const struct { const char *name; script_Op op; int args; } ops[] = {
    /* args: 0 = widget/name (one word), 1 = rest of line, 2 = two numbers,
     * 3 = one number, 4 = word + number */
    { "press", SCRIPT_PRESS, 0 },
    { "hold", SCRIPT_HOLD, 4 },
    { "tap", SCRIPT_TAP, 2 },
    { "type", SCRIPT_TYPE, 1 },
    { "key", SCRIPT_KEY, 1 },
    { "input", SCRIPT_INPUT, 1 },
    { "wait", SCRIPT_WAIT, 3 },
    { "shot", SCRIPT_SHOT, 0 },
    { "expect", SCRIPT_EXPECT, 0 },
    { "expect-not", SCRIPT_EXPECT_NOT, 0 },
    { "expect-enabled", SCRIPT_EXPECT_ENABLED, 0 },
    { "expect-disabled", SCRIPT_EXPECT_DISABLED, 0 },
    { "expect-screen", SCRIPT_EXPECT_SCREEN, 0 },
};

static int parse_number(const char *s, long lo, long hi, long *out, const char **rest)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || errno != 0 || v < lo || v > hi) return -1;
    *out = v;
    *rest = end;
    return 0;
}

/* Parses one line (NUL-terminated, no newline) into c; 1 = command, 0 = blank. */
static int parse_line(char *line, int lineno, script_Command *c, char *err, size_t errlen)
{
    char *p = line, *word, *rest;
    size_t n;
    while (*p == ' ' || *p == '\t') p++;
    n = strlen(p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r')) p[--n] = '\0';
    if (*p == '\0' || *p == '#') return 0;
    word = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    if (*p) *p++ = '\0';
    while (*p == ' ' || *p == '\t') p++;
    rest = p;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        const char *after;
        if (strcmp(word, ops[i].name) != 0) continue;
        memset(c, 0, sizeof *c);
        c->op = ops[i].op;
        c->line = lineno;
        switch (ops[i].args) {
        case 0: case 1: case 4:
            if (*rest == '\0') {
                snprintf(err, errlen, "line %d: '%s' needs an argument", lineno, word);
                return -1;
            }
            if (ops[i].args != 1 && strpbrk(rest, " \t") && ops[i].args == 0) {
                snprintf(err, errlen, "line %d: '%s' takes one word, got '%s'", lineno, word, rest);
                return -1;
            }
            if (ops[i].args == 4) {
                char *sp = strpbrk(rest, " \t");
                if (!sp) {
                    snprintf(err, errlen, "line %d: '%s' needs a widget and milliseconds", lineno, word);
                    return -1;
                }
                *sp++ = '\0';
                if (parse_number(sp, 0, 600000, &c->x, &after) != 0 || *after) {
                    snprintf(err, errlen, "line %d: '%s': milliseconds from 0 to 600000 expected, got '%s'",
                             lineno, word, sp);
                    return -1;
                }
            }
            if (strlen(rest) >= SCRIPT_ARG_MAX) {
                snprintf(err, errlen, "line %d: argument longer than %d bytes", lineno, SCRIPT_ARG_MAX - 1);
                return -1;
            }
            memcpy(c->arg, rest, strlen(rest) + 1);
            return 1;
        case 2:
            if (parse_number(rest, 0, 1079, &c->x, &after) != 0 ||
                parse_number(after, 0, 1919, &c->y, &after) != 0 || *after) {
                snprintf(err, errlen, "line %d: 'tap' needs x 0-1079 and y 0-1919, got '%s'", lineno, rest);
                return -1;
            }
            return 1;
        case 3:
            if (parse_number(rest, 0, 86400000, &c->x, &after) != 0 || *after) {
                snprintf(err, errlen, "line %d: 'wait' needs milliseconds, got '%s'", lineno, rest);
                return -1;
            }
            return 1;
        }
    }
    snprintf(err, errlen, "line %d: unknown command '%s'", lineno, word);
    return -1;
}

int script_parse(const char *text, size_t len, script_Script *out, char *err, size_t errlen)
{
    char line[SCRIPT_ARG_MAX + 64];
    size_t start = 0;
    int lineno = 0, cap = 64;
    out->n = 0;
    out->commands = malloc(sizeof *out->commands * (size_t)cap);
    if (!out->commands) goto oom;
    while (start < len) {
        size_t end = start, n;
        int rc;
        while (end < len && text[end] != '\n') end++;
        lineno++;
        n = end - start;
        if (n >= sizeof line) {
            snprintf(err, errlen, "line %d: longer than %zu bytes", lineno, sizeof line - 1);
            goto fail;
        }
        if (memchr(text + start, '\0', n)) {
            snprintf(err, errlen, "line %d: holds a NUL byte", lineno);
            goto fail;
        }
        memcpy(line, text + start, n);
        line[n] = '\0';
        start = end + 1;
        if (out->n >= SCRIPT_MAX_LINES) {
            snprintf(err, errlen, "line %d: more than %d commands", lineno, SCRIPT_MAX_LINES);
            goto fail;
        }
        if (out->n == cap) {
            script_Command *grown = realloc(out->commands, sizeof *grown * (size_t)cap * 2);
            if (!grown) goto oom;
            out->commands = grown;
            cap *= 2;
        }
        rc = parse_line(line, lineno, &out->commands[out->n], err, errlen);
        if (rc < 0) goto fail;
        out->n += rc;
    }
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    script_free(out);
    return -1;
}

int script_load(const char *path, script_Script *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, msg[512];
    size_t len = 0;
    int rc = -1;
    out->commands = NULL;
    out->n = 0;
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    buf = malloc(SCRIPT_MAX_BYTES);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    len = fread(buf, 1, SCRIPT_MAX_BYTES, f);
    if (ferror(f) || !feof(f)) {
        snprintf(err, errlen, "%s: unreadable or larger than %d bytes", path, SCRIPT_MAX_BYTES);
        goto done;
    }
    rc = script_parse(buf, len, out, msg, sizeof msg);
    if (rc != 0) snprintf(err, errlen, "%s:%s", path, msg + 5);  /* "line N: x" -> "path:N: x" */
done:
    free(buf);
    fclose(f);
    return rc;
}

void script_free(script_Script *s)
{
    if (!s) return;
    free(s->commands);
    s->commands = NULL;
    s->n = 0;
}
