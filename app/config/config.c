/* config.c — defaults, the INI file (inih) and flags, all through one
 * setter (config_set) so a key means the same wherever it comes from.
 *
 * inih's handler is not told the line number (Debian builds it without
 * INI_HANDLER_LINENO), so the file is fed through a reader that counts the
 * lines it hands over: when the handler runs, that count is the key's line.
 * inih reads into a fixed buffer (INI_MAX_LINE, 200 bytes in Debian's
 * build) and would take a longer line as several, parsing a truncated
 * value and then the rest as a line of its own, each at a wrong number: the
 * reader refuses such a line itself, at its own number, before inih sees
 * any of it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <ini.h>

#include "config/config.h"

#define IDLE_MIN        5
#define IDLE_MAX        86400
#define WINDOW_MIN      200
#define WINDOW_MAX      8192
#define ERR_MAX         320
#define KIOSK_ID_MAX    64
#define SYNC_INTERVAL_MAX 86400
#define SYNC_TIMEOUT_MAX  600
#define SYNC_CONNECT_MAX  120
#define BACKOFF_MIN_MS  10
#define BACKOFF_MAX_MS  60000
#define SLOT_MIN        5
#define SLOT_MAX        240
#define STATIONS_MAX    16
#define RETENTION_MAX   3650
#define STAFF_IDLE_MIN  10
#define STAFF_IDLE_MAX  3600

const char *config_jobs_dir(const config_Kiosk *cfg, char *buf, size_t cap)
{
    const char *slash;
    if (cfg->jobs_dir[0]) {
        snprintf(buf, cap, "%s", cfg->jobs_dir);
        return buf;
    }
    slash = strrchr(cfg->db, '/');
    if (!slash) snprintf(buf, cap, "jobs");
    else snprintf(buf, cap, "%.*s/jobs", (int)(slash - cfg->db), cfg->db);
    return buf;
}

void config_defaults(config_Kiosk *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->db, sizeof cfg->db, "var/kiosk.db");
    snprintf(cfg->data_dir, sizeof cfg->data_dir, ".");
    snprintf(cfg->catalogue, sizeof cfg->catalogue, "assets/catalogue.json");
    snprintf(cfg->locale, sizeof cfg->locale, "en_US");
    snprintf(cfg->theme, sizeof cfg->theme, "maison");
    cfg->idle_timeout = 90;
    cfg->fullscreen = 0;
    cfg->window_width = 0;
    cfg->window_height = 0;
    cfg->allow_insecure_loopback = 0;
    cfg->sync_interval = 60;
    cfg->sync_timeout = 30;
    cfg->sync_connect_timeout = 10;
    cfg->sync_backoff_ms = 1000;
    cfg->open_minute = 10 * 60;
    cfg->close_minute = 19 * 60;
    cfg->slot_minutes = 30;
    cfg->stations = 2;
    cfg->retention_days = 30;
    cfg->staff_idle_timeout = 120;
    cfg->jobs_dir[0] = '\0';       /* "jobs" beside the database: config_jobs_dir */
}

static int set_string(char *dst, const char *key, const char *value, const char *what,
                      int (*ok)(const char *), char *err, int errlen)
{
    size_t len = strlen(value);
    if (len == 0 || len >= CONFIG_STR_MAX || (ok && !ok(value))) {
        snprintf(err, (size_t)errlen, "%s: expected %s of 1 to %d bytes, got '%s'",
                 key, what, CONFIG_STR_MAX - 1, value);
        return -1;
    }
    memcpy(dst, value, len + 1);
    return 0;
}

/* "fr_FR", "ja_JP", "en", "fr_FR.UTF-8", "sr_RS@latin". */
static int locale_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-' || *p == '@'))
            return 0;
    return s[0] >= 'a' && s[0] <= 'z';
}

/* A file name in themes/, without '/' or a leading dot. */
static int theme_ok(const char *s)
{
    return s[0] != '.' && strchr(s, '/') == NULL;
}

static int set_int(int *dst, const char *key, const char *value, long min, long max,
                   int zero_ok, const char *what, char *err, int errlen)
{
    char *end = NULL;
    long v = strtol(value, &end, 10);
    if (end == value || *end != '\0' || (!(zero_ok && v == 0) && (v < min || v > max))) {
        snprintf(err, (size_t)errlen, "%s: expected %s, got '%s'", key, what, value);
        return -1;
    }
    *dst = (int)v;
    return 0;
}

static int set_bool(int *dst, const char *key, const char *value, char *err, int errlen)
{
    static const char *const yes[] = { "true", "yes", "1", "on" };
    static const char *const no[] = { "false", "no", "0", "off" };
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(value, yes[i]) == 0) { *dst = 1; return 0; }
        if (strcasecmp(value, no[i]) == 0) { *dst = 0; return 0; }
    }
    snprintf(err, (size_t)errlen, "%s: expected true/false/yes/no/1/0, got '%s'", key, value);
    return -1;
}

/* "https://..." or "http://..." (plain HTTP is further limited to
 * loopback by allow_insecure_http, checked where the URL is used). */
static int url_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7F)
            return 0;
    return (strncmp(s, "https://", 8) == 0 && s[8]) || (strncmp(s, "http://", 7) == 0 && s[7]);
}

static int kiosk_id_ok(const char *s)
{
    if (strlen(s) > KIOSK_ID_MAX)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

/* Text without control characters or spaces (paths and pins). */
static int printable_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7F)
            return 0;
    return 1;
}

static int set_insecure(int *dst, const char *key, const char *value, char *err, int errlen)
{
    if (strcmp(value, "loopback") == 0 || strcmp(value, "no") == 0) {
        *dst = value[0] == 'l';
        return 0;
    }
    snprintf(err, (size_t)errlen, "%s: expected 'no' or 'loopback', got '%s'", key, value);
    return -1;
}

/* "HH:MM-HH:MM", opening before closing, closing at most 24:00. */
static int set_hours(config_Kiosk *cfg, const char *key, const char *value, char *err, int errlen)
{
    int h1 = -1, m1 = -1, h2 = -1, m2 = -1, n = 0;
    if (strlen(value) == 11 && sscanf(value, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &n) == 4 &&
        n == 11 && value[2] == ':' && value[5] == '-' && value[8] == ':' &&
        h1 >= 0 && h1 < 24 && m1 >= 0 && m1 < 60 && h2 >= 0 && m2 >= 0 && m2 < 60 &&
        h2 * 60 + m2 <= 24 * 60 && h1 * 60 + m1 < h2 * 60 + m2) {
        cfg->open_minute = h1 * 60 + m1;
        cfg->close_minute = h2 * 60 + m2;
        return 0;
    }
    snprintf(err, (size_t)errlen, "%s: expected opening and closing time as HH:MM-HH:MM"
             " (10:00-19:00), got '%s'", key, value);
    return -1;
}

/* How a key's text becomes its field. */
typedef enum {
    KEY_STRING,     /* char[CONFIG_STR_MAX], non-empty, checked by ok when set */
    KEY_INT,        /* int from min to max (or 0 when zero_ok) */
    KEY_BOOL,       /* true/false/yes/no/1/0/on/off */
    KEY_INSECURE,   /* "no" or "loopback" */
    KEY_HOURS       /* HH:MM-HH:MM into open_minute and close_minute */
} KeyKind;

typedef struct {
    const char *name;
    KeyKind kind;
    size_t field;               /* offsetof(config_Kiosk, ...); unused for KEY_HOURS */
    long min, max;              /* KEY_INT */
    int zero_ok;                /* KEY_INT: 0 is also accepted (means "automatic") */
    const char *hint;           /* what is expected, in the error message */
    int (*ok)(const char *);    /* KEY_STRING: extra check, or NULL */
} Key;

#define FIELD(f) offsetof(config_Kiosk, f)
#define STR(name, f, hint, ok)  { name, KEY_STRING, FIELD(f), 0, 0, 0, hint, ok }
#define INT(name, f, lo, hi, zero_ok, hint) { name, KEY_INT, FIELD(f), lo, hi, zero_ok, hint, NULL }

/* Every key of the [kiosk] section, in README's order of mention. README's
 * tables list exactly these names (tests/app/test_config.c checks it). */
static const Key KEYS[] = {
    STR("db", db, "a file path", NULL),
    STR("data_dir", data_dir, "a directory", NULL),
    STR("catalogue", catalogue, "a file path", NULL),
    STR("locale", locale, "a locale name such as fr_FR", locale_ok),
    STR("theme", theme, "a theme name (a file in themes/)", theme_ok),
    INT("idle_timeout", idle_timeout, IDLE_MIN, IDLE_MAX, 0, "seconds from 5 to 86400"),
    { "fullscreen", KEY_BOOL, FIELD(fullscreen), 0, 0, 0, NULL, NULL },
    INT("window_width", window_width, WINDOW_MIN, WINDOW_MAX, 1,
        "0 (fit the screen) or pixels from 200 to 8192"),
    INT("window_height", window_height, WINDOW_MIN, WINDOW_MAX, 1,
        "0 (fit the screen) or pixels from 200 to 8192"),
    STR("upstream_url", upstream_url, "an https:// URL", url_ok),
    STR("kiosk_id", kiosk_id, "an id (at most 64 of a-z, 0-9, '-', '_')", kiosk_id_ok),
    STR("secret_file", secret_file, "a file path", printable_ok),
    STR("ca_file", ca_file, "a file path", printable_ok),
    STR("pinned_public_key", pinned_public_key,
        "sha256//BASE64 hashes separated by ';', or a PEM/DER file path", printable_ok),
    { "allow_insecure_http", KEY_INSECURE, FIELD(allow_insecure_loopback), 0, 0, 0, NULL, NULL },
    INT("sync_interval", sync_interval, 1, SYNC_INTERVAL_MAX, 0, "seconds from 1 to 86400"),
    INT("sync_timeout", sync_timeout, 1, SYNC_TIMEOUT_MAX, 0, "seconds from 1 to 600"),
    INT("sync_connect_timeout", sync_connect_timeout, 1, SYNC_CONNECT_MAX, 0,
        "seconds from 1 to 120"),
    INT("sync_backoff_ms", sync_backoff_ms, BACKOFF_MIN_MS, BACKOFF_MAX_MS, 0,
        "milliseconds from 10 to 60000"),
    { "opening_hours", KEY_HOURS, 0, 0, 0, 0, NULL, NULL },
    INT("slot_minutes", slot_minutes, SLOT_MIN, SLOT_MAX, 0, "minutes from 5 to 240"),
    INT("stations", stations, 1, STATIONS_MAX, 0, "a number of engraving stations from 1 to 16"),
    INT("retention_days", retention_days, 0, RETENTION_MAX, 0, "days from 0 to 3650"),
    INT("staff_idle_timeout", staff_idle_timeout, STAFF_IDLE_MIN, STAFF_IDLE_MAX, 0,
        "seconds from 10 to 3600"),
    STR("jobs_dir", jobs_dir, "a directory", NULL),
};

#define N_KEYS ((int)(sizeof KEYS / sizeof KEYS[0]))

const char *config_key_name(int i)
{
    return i >= 0 && i < N_KEYS ? KEYS[i].name : NULL;
}

int config_set(config_Kiosk *cfg, const char *key, const char *value, char *err, int errlen)
{
    if (!key || !value) {
        snprintf(err, (size_t)errlen, "missing key or value");
        return -1;
    }
    for (int i = 0; i < N_KEYS; i++) {
        const Key *k = &KEYS[i];
        if (strcmp(key, k->name) != 0)
            continue;
        void *field = (char *)cfg + k->field;
        switch (k->kind) {
        case KEY_STRING:
            return set_string(field, key, value, k->hint, k->ok, err, errlen);
        case KEY_INT:
            return set_int(field, key, value, k->min, k->max, k->zero_ok, k->hint, err, errlen);
        case KEY_BOOL:
            return set_bool(field, key, value, err, errlen);
        case KEY_INSECURE:
            return set_insecure(field, key, value, err, errlen);
        case KEY_HOURS:
            return set_hours(cfg, key, value, err, errlen);
        }
    }
    /* "db, data_dir, ..., jobs_dir" from the table, cut (never overrun) by errlen. */
    int n = snprintf(err, (size_t)errlen, "%s: unknown key; expected one of ", key);
    for (int i = 0; i < N_KEYS && n >= 0 && n < errlen; i++)
        n += snprintf(err + n, (size_t)(errlen - n), "%s%s", i ? ", " : "", KEYS[i].name);
    return -1;
}

typedef struct {
    FILE *f;
    int line;               /* the line handed to inih last (1-based) */
    int err_line;           /* line of the first handler error, 0 = none */
    char err[ERR_MAX];
    int long_line;          /* a line longer than inih's buffer, 0 = none */
    int line_max;           /* the most bytes a line may hold (inih's buffer) */
    int read_errno;         /* reading failed (errno), 0 = no */
    config_Kiosk *cfg;
} Parse;

/* inih's reader: one whole line into buf (size: inih's buffer), or NULL
 * at the end, on a read error, or at a line too long for buf (which then
 * ends the parse: recorded, said by config_load_file). */
static char *read_line(char *buf, int size, void *stream)
{
    Parse *p = stream;
    char *s;
    if (p->long_line || p->read_errno)
        return NULL;
    errno = 0;
    s = fgets(buf, size, p->f);
    if (!s) {
        if (ferror(p->f))
            p->read_errno = errno ? errno : EIO;
        return NULL;
    }
    p->line++;
    if (!strchr(s, '\n')) {
        /* Full buffer and no newline: the line goes on, unless it ends
         * right here (its newline or the end of the file is next). */
        int c = fgetc(p->f);
        if (c != EOF && c != '\n') {
            p->long_line = p->line;
            p->line_max = size - 1;
            return NULL;
        }
        if (c == EOF && ferror(p->f)) {
            p->read_errno = errno ? errno : EIO;
            return NULL;
        }
    }
    return s;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    Parse *p = user;
    if (p->err_line)
        return 1;                   /* report the first error only */
    int line = p->line;
    if (strcmp(section, "kiosk") != 0) {
        if (section[0])
            snprintf(p->err, sizeof p->err, "[%s]: unknown section; expected [kiosk]", section);
        else
            snprintf(p->err, sizeof p->err, "%s: key outside a section; expected [kiosk] first",
                     name);
        p->err_line = line;
        return 0;
    }
    if (config_set(p->cfg, name, value, p->err, (int)sizeof p->err) != 0) {
        p->err_line = line;
        return 0;
    }
    return 1;
}

int config_load_file(config_Kiosk *cfg, const char *path, char *err, int errlen)
{
    Parse p = { .cfg = cfg };
    struct stat st;
    p.f = fopen(path, "r");
    if (!p.f) {
        snprintf(err, (size_t)errlen, "%s: cannot open the configuration file: %s", path,
                 strerror(errno));
        return -1;
    }
    /* A directory opens, and reads as nothing: the kiosk would then run on
     * the defaults (a new, empty var/kiosk.db) as if all were well. */
    if (fstat(fileno(p.f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(p.f);
        snprintf(err, (size_t)errlen, "%s: is a directory; expected a configuration file"
                 " (an INI file with a [kiosk] section)", path);
        return -1;
    }
    int rc = ini_parse_stream(read_line, &p, on_key, &p);
    fclose(p.f);
    if (rc == 0 && !p.long_line && !p.read_errno)
        return 0;
    /* Errors in the order of the lines: inih stopped at the long line or
     * the read error, so any error it reports comes before them. */
    if (rc > 0 && p.err_line && p.err_line <= rc)
        snprintf(err, (size_t)errlen, "%s:%d: %s", path, p.err_line, p.err);
    else if (rc > 0)
        snprintf(err, (size_t)errlen, "%s:%d: expected 'key = value' or [kiosk]", path, rc);
    else if (p.long_line)
        snprintf(err, (size_t)errlen, "%s:%d: line too long: a line holds at most %d bytes",
                 path, p.long_line, p.line_max);
    else if (p.read_errno)
        snprintf(err, (size_t)errlen, "%s:%d: cannot read the configuration file: %s", path,
                 p.line + 1, strerror(p.read_errno));
    else
        snprintf(err, (size_t)errlen, "%s: cannot read the configuration file", path);
    return -1;
}
