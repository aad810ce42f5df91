/* config.h — the kiosk's configuration: defaults, INI file (inih), flags.
 *
 * Order of precedence: built-in defaults < --config FILE < command-line flags.
 * The INI file has one section, [kiosk]; an unknown key, an unknown section
 * or a bad value is an error whose message names the file and line.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_STR_MAX 256

typedef struct {
    char db[CONFIG_STR_MAX];        /* database path; default "var/kiosk.db" */
    char data_dir[CONFIG_STR_MAX];  /* where assets/ and themes/ live; default "." */
    char catalogue[CONFIG_STR_MAX]; /* first-run catalogue; default "assets/catalogue.json" (under data_dir) */
    char locale[CONFIG_STR_MAX];    /* "en_US", "fr_FR", "ja_JP"; default "en_US" */
    char theme[CONFIG_STR_MAX];     /* a file in themes/ without .ini; default "maison" */
    int idle_timeout;               /* seconds before an idle draft is cleared; default 90 */
    int fullscreen;                 /* 0/1; default 0 */
    int window_width;               /* initial window size in pixels; default 0 = fit screen */
    int window_height;

    /* Upstream sync (kioskctl sync; README.md, "Upstream sync"). No upstream_url: standalone. */
    char upstream_url[CONFIG_STR_MAX]; /* "https://brand.example/" ; default "" (sync off) */
    char kiosk_id[CONFIG_STR_MAX];  /* 1 to 64 of a-z 0-9 - _ ; default "" */
    char secret_file[CONFIG_STR_MAX]; /* the HMAC key, 64 hex digits; default "" */
    char ca_file[CONFIG_STR_MAX];   /* CA bundle for the upstream; default "" = system CAs */
    char pinned_public_key[CONFIG_STR_MAX]; /* "sha256//BASE64[;sha256//...]"; default "" */
    int allow_insecure_loopback;    /* allow_insecure_http = loopback (1) | no (0, default) */
    int sync_interval;              /* seconds between changes polls; default 60 */
    int sync_timeout;               /* seconds for a whole request; default 30 */
    int sync_connect_timeout;       /* seconds to connect; default 10 */
    int sync_backoff_ms;            /* first retry delay (doubling, capped at 5 min); default 1000 */

    /* Staff mode (README "Staff mode"): appointments, retention, jobs. */
    int open_minute;                /* opening_hours = "10:00-19:00": minutes after midnight */
    int close_minute;               /*   default 600 and 1140 */
    int slot_minutes;               /* length of an appointment slot; default 30 */
    int stations;                   /* engraving stations (appointments at once); default 2 */
    int retention_days;             /* personal data kept after an appointment; default 30 */
    int staff_idle_timeout;         /* seconds before staff mode leaves by itself; default 120 */
    char jobs_dir[CONFIG_STR_MAX];  /* production files, <jobs_dir>/<uuid>/; "" = beside the db (config_jobs_dir) */
} config_Kiosk;

/* The production files' directory: jobs_dir when set, else "jobs" beside
 * the database (var/kiosk.db -> var/jobs), so a test's database in a
 * temporary directory keeps its files there too. Returns buf. */
const char *config_jobs_dir(const config_Kiosk *cfg, char *buf, size_t cap);

/* Fills *cfg with the built-in defaults. */
void config_defaults(config_Kiosk *cfg);

/* Reads the INI file at path over *cfg. Returns 0 on success; on failure -1
 * and a message in err ("kiosk.conf:7: idle_timeout: expected seconds from
 * 5 to 86400, got 'soon'"), *cfg possibly partly updated. */
int config_load_file(config_Kiosk *cfg, const char *path, char *err, int errlen);

/* Sets one key from its text value, as the INI file would (used for flags
 * too). Returns 0, or -1 with a message in err naming the key. */
int config_set(config_Kiosk *cfg, const char *key, const char *value,
               char *err, int errlen);

/* The name of the i-th key config_set knows (0-based, in the order its
 * "unknown key" message lists them), or NULL past the last: README's
 * configuration tables are checked against this list. */
const char *config_key_name(int i);

#endif
