/* test_config.c — configuration defaults, the INI file, flags, and the
 * gettext setup (i18n_init), run from the repository root. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "i18n/i18n.h"
#include "../test.h"

static char tmpdir[64];
static char conf[128];

static void fresh_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk-config.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(conf, sizeof conf, "%s/kiosk.conf", tmpdir);
}

static void write_conf(const char *text)
{
    FILE *f = fopen(conf, "w");
    fputs(text, f);
    fclose(f);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("cleanup of %s failed\n", tmpdir);
}

TEST(defaults_match_documentation)
{
    config_Kiosk c;
    config_defaults(&c);
    CHECK(strcmp(c.db, "var/kiosk.db") == 0);
    CHECK(strcmp(c.data_dir, ".") == 0);
    CHECK(strcmp(c.catalogue, "assets/catalogue.json") == 0);
    CHECK(strcmp(c.locale, "en_US") == 0);
    CHECK(strcmp(c.theme, "maison") == 0);
    CHECK(c.idle_timeout == 90 && c.fullscreen == 0);
    CHECK(c.window_width == 0 && c.window_height == 0);
}

TEST(file_sets_every_key)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    fresh_dir();
    write_conf("; the boutique's kiosk\n"
               "[kiosk]\n"
               "db = /var/lib/kiosk/kiosk.db\n"
               "data_dir = /usr/share/atelier-kiosk\n"
               "catalogue = assets/other.json\n"
               "locale = fr_FR\n"
               "theme = nuit\n"
               "idle_timeout = 120   ; two minutes\n"
               "fullscreen = yes\n"
               "window_width = 1080\n"
               "window_height = 1920\n");
    int rc = config_load_file(&c, conf, err, sizeof err);
    cleanup();
    CHECKF(rc == 0, "%s", err);
    CHECK(strcmp(c.db, "/var/lib/kiosk/kiosk.db") == 0);
    CHECK(strcmp(c.data_dir, "/usr/share/atelier-kiosk") == 0);
    CHECK(strcmp(c.catalogue, "assets/other.json") == 0);
    CHECK(strcmp(c.locale, "fr_FR") == 0);
    CHECK(strcmp(c.theme, "nuit") == 0);
    CHECK(c.idle_timeout == 120 && c.fullscreen == 1);
    CHECK(c.window_width == 1080 && c.window_height == 1920);
}

/* Loads `text` and expects failure with every one of the words in err. */
static int refused(const char *text, const char *w1, const char *w2)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    fresh_dir();
    write_conf(text);
    int rc = config_load_file(&c, conf, err, sizeof err);
    cleanup();
    if (rc != -1 || !strstr(err, w1) || (w2 && !strstr(err, w2))) {
        printf("rc %d, err '%s', wanted '%s' and '%s'\n", rc, err, w1, w2 ? w2 : "");
        return 0;
    }
    return 1;
}

TEST(unknown_key_names_file_and_line)
{
    CHECK(refused("[kiosk]\ndb = x.db\n\nidle_timout = 60\n", "kiosk.conf:4: idle_timout",
                  "unknown key"));
}

TEST(unknown_section_is_refused)
{
    CHECK(refused("[kiosk]\nlocale = fr_FR\n[kisok]\ntheme = nuit\n", "kiosk.conf:4:", "[kisok]"));
    CHECK(refused("theme = nuit\n", "kiosk.conf:1: theme", "[kiosk]"));
}

TEST(bad_idle_timeout_value_is_refused)
{
    CHECK(refused("[kiosk]\nidle_timeout = soon\n",
                  "kiosk.conf:2: idle_timeout: expected seconds from 5 to 86400, got 'soon'", NULL));
    CHECK(refused("[kiosk]\nidle_timeout = 4\n", "kiosk.conf:2: idle_timeout", NULL));
    CHECK(refused("[kiosk]\nidle_timeout = 86401\n", "idle_timeout", NULL));
    CHECK(refused("[kiosk]\nidle_timeout = 60s\n", "got '60s'", NULL));
}

TEST(bad_flag_and_window_values_are_refused)
{
    CHECK(refused("[kiosk]\nfullscreen = maybe\n", "kiosk.conf:2: fullscreen", "true/false"));
    CHECK(refused("[kiosk]\nwindow_width = 100\n", "kiosk.conf:2: window_width", NULL));
    CHECK(refused("[kiosk]\nwindow_height = 9000\n", "window_height", NULL));
    CHECK(refused("[kiosk]\ntheme = ../etc\n", "theme", NULL));
}

TEST(syntax_error_names_the_line)
{
    CHECK(refused("[kiosk]\nlocale = fr_FR\nthis line has no equals sign\n", "kiosk.conf:3:", NULL));
}

TEST(missing_file_is_refused_saying_why)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    CHECK(config_load_file(&c, "/nonexistent/kiosk.conf", err, sizeof err) == -1);
    CHECKF(strstr(err, "/nonexistent/kiosk.conf: cannot open the configuration file: "
                       "No such file or directory"), "%s", err);
}

/* A directory opens and reads as nothing: it was taken for an empty file,
 * and the kiosk ran on the defaults (a new, empty var/kiosk.db). */
TEST(directory_is_refused)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    fresh_dir();
    int rc = config_load_file(&c, tmpdir, err, sizeof err);
    cleanup();
    CHECK(rc == -1);
    CHECKF(strstr(err, tmpdir) && strstr(err, "is a directory; expected a configuration file"),
           "%s", err);
}

/* The system's own words (strerror) say why a file cannot be read. */
TEST(unreadable_file_says_why)
{
    char err[256] = "", below[192];
    config_Kiosk c;
    config_defaults(&c);
    fresh_dir();
    write_conf("[kiosk]\n");
    snprintf(below, sizeof below, "%s/kiosk", conf);     /* under a file, not a directory */
    int rc = config_load_file(&c, below, err, sizeof err);
    int ok = rc == -1 && strstr(err, "cannot open the configuration file: Not a directory");
    if (ok && geteuid() != 0) {                           /* root reads any file */
        chmod(conf, 0);
        rc = config_load_file(&c, conf, err, sizeof err);
        ok = rc == -1 && strstr(err, "cannot open the configuration file: Permission denied");
    }
    cleanup();
    CHECKF(ok, "rc %d, '%s'", rc, err);
}

/* inih reads a line into 200 bytes: a longer one came in two, parsed as a
 * truncated value and a line of its own, at wrong numbers. It is refused
 * at its own line, and nothing after it is read. */
TEST(overlong_line_is_refused_at_its_own_line)
{
    char text[1024], value[400];
    memset(value, 'a', 300);
    value[300] = '\0';
    snprintf(text, sizeof text, "[kiosk]\nlocale = fr_FR\n; a comment\ndata_dir = /%s\n"
             "theme = nuit\nidle_timeout = soon\n", value);
    CHECK(refused(text, "kiosk.conf:4: line too long: a line holds at most 199 bytes", NULL));
    /* A long comment too: its own line, not the next one. */
    snprintf(text, sizeof text, "[kiosk]\n; %s\nlocale = fr_FR\n", value);
    CHECK(refused(text, "kiosk.conf:2: line too long", NULL));
    /* An error before it is the one said. */
    snprintf(text, sizeof text, "[kiosk]\nidle_timeout = soon\ndb = /%s\n", value);
    CHECK(refused(text, "kiosk.conf:2: idle_timeout", NULL));
}

TEST(line_of_199_bytes_is_read_whole)
{
    char text[512], value[256], err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    /* "data_dir = /" is 12 bytes: 187 more make 199, the most a line holds. */
    memset(value, 'b', 187);
    value[187] = '\0';
    snprintf(text, sizeof text, "[kiosk]\ndata_dir = /%s\ntheme = nuit\n", value);
    fresh_dir();
    write_conf(text);
    int rc = config_load_file(&c, conf, err, sizeof err);
    cleanup();
    CHECKF(rc == 0, "%s", err);
    CHECK(strlen(c.data_dir) == 188 && strcmp(c.theme, "nuit") == 0);
    CHECK(refused("[kiosk]\nlocale = fr_FR\ndata_dir = /bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n", "kiosk.conf:3: line too long", NULL));
}

/* The last line, without its newline, is counted too. */
TEST(last_line_without_newline_names_its_line)
{
    CHECK(refused("[kiosk]\nlocale = fr_FR\nidle_timeout = soon",
                  "kiosk.conf:3: idle_timeout", NULL));
}

TEST(config_set_applies_flags_and_names_bad_key)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    CHECK(config_set(&c, "db", "/tmp/x.db", err, sizeof err) == 0);
    CHECK(strcmp(c.db, "/tmp/x.db") == 0);
    CHECK(config_set(&c, "fullscreen", "TRUE", err, sizeof err) == 0 && c.fullscreen == 1);
    CHECK(config_set(&c, "fullscreen", "0", err, sizeof err) == 0 && c.fullscreen == 0);
    CHECK(config_set(&c, "window_width", "0", err, sizeof err) == 0 && c.window_width == 0);
    CHECK(config_set(&c, "colour", "red", err, sizeof err) == -1);
    CHECKF(strstr(err, "colour"), "%s", err);
    CHECK(config_set(&c, "db", "", err, sizeof err) == -1);
    CHECKF(strstr(err, "db:"), "%s", err);
}

TEST(sync_keys_default_to_standalone)
{
    config_Kiosk c;
    config_defaults(&c);
    CHECK(c.upstream_url[0] == '\0' && c.kiosk_id[0] == '\0' && c.secret_file[0] == '\0');
    CHECK(c.ca_file[0] == '\0' && c.pinned_public_key[0] == '\0');
    CHECK(c.allow_insecure_loopback == 0);
    CHECK(c.sync_interval == 60 && c.sync_timeout == 30 && c.sync_connect_timeout == 10);
    CHECK(c.sync_backoff_ms == 1000);
}

TEST(file_sets_every_sync_key)
{
    char err[256] = "";
    config_Kiosk c;
    config_defaults(&c);
    fresh_dir();
    write_conf("[kiosk]\n"
               "upstream_url = https://orders.maison.example/\n"
               "kiosk_id = paris-01\n"
               "secret_file = /run/credentials/kiosk-sync.service/secret\n"
               "ca_file = /etc/kiosk/upstream-ca.pem\n"
               "pinned_public_key = sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=\n"
               "allow_insecure_http = loopback\n"
               "sync_interval = 15\n"
               "sync_timeout = 20\n"
               "sync_connect_timeout = 5\n"
               "sync_backoff_ms = 250\n");
    int rc = config_load_file(&c, conf, err, sizeof err);
    cleanup();
    CHECKF(rc == 0, "%s", err);
    CHECK(strcmp(c.upstream_url, "https://orders.maison.example/") == 0);
    CHECK(strcmp(c.kiosk_id, "paris-01") == 0);
    CHECK(strcmp(c.secret_file, "/run/credentials/kiosk-sync.service/secret") == 0);
    CHECK(strcmp(c.ca_file, "/etc/kiosk/upstream-ca.pem") == 0);
    CHECK(strncmp(c.pinned_public_key, "sha256//YhKJ", 12) == 0);
    CHECK(c.allow_insecure_loopback == 1);
    CHECK(c.sync_interval == 15 && c.sync_timeout == 20 && c.sync_connect_timeout == 5);
    CHECK(c.sync_backoff_ms == 250);
}

TEST(bad_sync_values_name_the_line)
{
    CHECK(refused("[kiosk]\nkiosk_id = a\nupstream_url = ftp://x/\n", "kiosk.conf:3: upstream_url",
                  "https://"));
    CHECK(refused("[kiosk]\nkiosk_id = Paris 01\n", "kiosk.conf:2: kiosk_id", "a-z"));
    CHECK(refused("[kiosk]\n\nallow_insecure_http = yes\n", "kiosk.conf:3: allow_insecure_http",
                  "'no' or 'loopback'"));
    CHECK(refused("[kiosk]\nsync_timeout = 0\n", "kiosk.conf:2: sync_timeout", "1 to 600"));
    CHECK(refused("[kiosk]\nsync_backoff_ms = 5\n", "kiosk.conf:2: sync_backoff_ms", "10 to"));
    CHECK(refused("[kiosk]\nsync_interval = 1m\n", "kiosk.conf:2: sync_interval", "seconds"));
    CHECK(refused("[kiosk]\nupstream_url = https://a b/\n", "kiosk.conf:2: upstream_url", NULL));
}

TEST(staff_keys_default_and_parse)
{
    config_Kiosk cfg;
    config_defaults(&cfg);
    CHECK(cfg.open_minute == 600 && cfg.close_minute == 1140 && cfg.slot_minutes == 30);
    CHECK(cfg.stations == 2 && cfg.retention_days == 30 && cfg.staff_idle_timeout == 120);
    {
        /* Unset, the production files go beside the database. */
        char dir[CONFIG_STR_MAX + 8];
        CHECK(cfg.jobs_dir[0] == '\0');
        CHECK(strcmp(config_jobs_dir(&cfg, dir, sizeof dir), "var/jobs") == 0);
        snprintf(cfg.db, sizeof cfg.db, "kiosk.db");
        CHECK(strcmp(config_jobs_dir(&cfg, dir, sizeof dir), "jobs") == 0);
        snprintf(cfg.db, sizeof cfg.db, "/srv/k/kiosk.db");
        CHECK(strcmp(config_jobs_dir(&cfg, dir, sizeof dir), "/srv/k/jobs") == 0);
    }
    fresh_dir();
    write_conf("[kiosk]\nopening_hours = 09:30-18:00\nslot_minutes = 45\nstations = 3\n"
               "retention_days = 0\nstaff_idle_timeout = 60\njobs_dir = /srv/jobs\n");
    char err[512];
    CHECKF(config_load_file(&cfg, conf, err, (int)sizeof err) == 0, "%s", err);
    CHECK(cfg.open_minute == 570 && cfg.close_minute == 1080 && cfg.slot_minutes == 45);
    CHECK(cfg.stations == 3 && cfg.retention_days == 0 && cfg.staff_idle_timeout == 60);
    CHECK(strcmp(cfg.jobs_dir, "/srv/jobs") == 0);
    cleanup();
}

TEST(bad_staff_values_name_the_line)
{
    CHECK(refused("[kiosk]\nopening_hours = 19:00-10:00\n", "kiosk.conf:2: opening_hours",
                  "HH:MM-HH:MM"));
    CHECK(refused("[kiosk]\n\nopening_hours = 10h-19h\n", "kiosk.conf:3: opening_hours", NULL));
    CHECK(refused("[kiosk]\nopening_hours = 10:00-24:30\n", "kiosk.conf:2: opening_hours", NULL));
    CHECK(refused("[kiosk]\nslot_minutes = 2\n", "kiosk.conf:2: slot_minutes", "5 to 240"));
    CHECK(refused("[kiosk]\nstations = 0\n", "kiosk.conf:2: stations", "1 to 16"));
    CHECK(refused("[kiosk]\nretention_days = -1\n", "kiosk.conf:2: retention_days", "0 to 3650"));
    CHECK(refused("[kiosk]\nstaff_idle_timeout = 2m\n", "kiosk.conf:2: staff_idle_timeout",
                  "seconds"));
}

/* ---- i18n --------------------------------------------------------------- */

/* Writes a GNU .mo file with the header entry and msgid -> msgstr (both
 * sorted: "" sorts first). Layout: gettext manual, "The Format of GNU MO
 * Files"; native byte order, no hash table. */
static int write_mo(const char *path, const char *msgid, const char *msgstr)
{
    const char *orig[2] = { "", msgid };
    const char *trans[2] = { "Content-Type: text/plain; charset=UTF-8\n", msgstr };
    uint32_t head[7] = { 0x950412de, 0, 2, 28, 28 + 16, 0, 28 + 32 };
    uint32_t tab[8];
    uint32_t off = 28 + 32;
    for (int i = 0; i < 2; i++) {
        tab[2 * i] = (uint32_t)strlen(orig[i]);
        tab[2 * i + 1] = off;
        off += tab[2 * i] + 1;
    }
    for (int i = 0; i < 2; i++) {
        tab[4 + 2 * i] = (uint32_t)strlen(trans[i]);
        tab[4 + 2 * i + 1] = off;
        off += tab[4 + 2 * i] + 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(head, 4, 7, f);
    fwrite(tab, 4, 8, f);
    for (int i = 0; i < 2; i++)
        fwrite(orig[i], 1, strlen(orig[i]) + 1, f);
    for (int i = 0; i < 2; i++)
        fwrite(trans[i], 1, strlen(trans[i]) + 1, f);
    return fclose(f);
}

static int make_french_catalogue(void)
{
    char p[256];
    const char *parts[] = { "/assets", "/assets/locale", "/assets/locale/fr",
                            "/assets/locale/fr/LC_MESSAGES" };
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", tmpdir, parts[i]);
        if (mkdir(p, 0755) != 0)
            return -1;
    }
    snprintf(p, sizeof p, "%s/assets/locale/fr/LC_MESSAGES/kiosk.mo", tmpdir);
    return write_mo(p, "Orders", "Commandes");
}

TEST(i18n_selects_language_from_locale_under_c_utf8)
{
    fresh_dir();
    CHECK(make_french_catalogue() == 0);
    i18n_init(tmpdir, "fr_FR");
    const char *fr = _("Orders");
    int fr_ok = strcmp(fr, "Commandes") == 0;
    const char *lang = getenv("LANGUAGE");
    int lang_ok = lang && strcmp(lang, "fr_FR:fr") == 0;
    i18n_init(tmpdir, "ja_JP");             /* no Japanese catalogue: English */
    int ja_ok = strcmp(_("Orders"), "Orders") == 0;
    cleanup();
    CHECKF(fr_ok, "got '%s'", fr);
    CHECK(lang_ok);
    CHECK(ja_ok);
}

/* The reason i18n_init uses C.UTF-8: under plain "C" gettext ignores
 * LANGUAGE and never translates. If this starts failing, the comment in
 * i18n.c is out of date (harmless, but worth knowing). */
TEST(gettext_ignores_language_in_c_locale_but_not_c_utf8)
{
    fresh_dir();
    CHECK(make_french_catalogue() == 0);
    i18n_init(tmpdir, "fr_FR");
    setlocale(LC_ALL, "C");
    textdomain("kiosk");                    /* invalidates gettext's cache */
    int c_english = strcmp(_("Orders"), "Orders") == 0;
    setlocale(LC_ALL, "C.UTF-8");
    textdomain("kiosk");
    int utf8_french = strcmp(_("Orders"), "Commandes") == 0;
    cleanup();
    CHECK(c_english);
    CHECK(utf8_french);
}

/* The names in the first column of README's configuration tables (the
 * one under "## Configuration" and the one under "### Configuration keys"):
 * each backquoted word of a row's first cell. Returns how many, or -1. */
static int readme_keys(char names[][64], int cap)
{
    FILE *f = fopen("README.md", "r");
    char line[2048];
    int n = 0, in = 0;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "#", 1) == 0)
            in = strcmp(line, "## Configuration\n") == 0 ||
                 strcmp(line, "### Configuration keys\n") == 0;
        if (!in || strncmp(line, "| `", 3) != 0)
            continue;
        char *end = strchr(line + 1, '|');       /* the end of the first cell */
        if (end)
            *end = '\0';
        for (char *p = strchr(line, '`'); p && n < cap; p = strchr(p, '`')) {
            char *q = strchr(p + 1, '`');
            if (!q)
                break;
            snprintf(names[n++], 64, "%.*s", (int)(q - p - 1), p + 1);
            p = q + 1;
        }
    }
    fclose(f);
    return n;
}

TEST(readme_lists_exactly_the_configuration_keys)
{
    char names[64][64];
    int n = readme_keys(names, 64);
    CHECKF(n > 0, "README.md: no configuration table found (run from the repository root)");
    for (int i = 0; config_key_name(i); i++) {
        int found = 0;
        for (int j = 0; j < n && !found; j++)
            found = strcmp(names[j], config_key_name(i)) == 0;
        CHECKF(found, "key '%s' is missing from README's configuration tables", config_key_name(i));
    }
    for (int j = 0; j < n; j++) {
        int found = 0;
        for (int i = 0; config_key_name(i) && !found; i++)
            found = strcmp(names[j], config_key_name(i)) == 0;
        CHECKF(found, "README documents '%s', which config_set does not know", names[j]);
    }
}

TEST(unknown_key_message_lists_every_key)
{
    char err[1024] = "";
    config_Kiosk c;
    config_defaults(&c);
    CHECK(config_set(&c, "colour", "red", err, sizeof err) == -1);
    CHECKF(strncmp(err, "colour: unknown key; expected one of db, data_dir, ", 51) == 0, "%s", err);
    int n = 0;
    for (int i = 0; config_key_name(i); i++, n++) {
        char word[80];
        snprintf(word, sizeof word, " %s%s", config_key_name(i), config_key_name(i + 1) ? "," : "");
        CHECKF(strstr(err, word), "'%s' not in: %s", config_key_name(i), err);
        /* and the table's names are what the setter takes */
        char e2[256];
        int rc = config_set(&c, config_key_name(i), "", e2, sizeof e2);
        CHECKF(rc == -1 && !strstr(e2, "unknown key"), "%s: %s", config_key_name(i), e2);
    }
    CHECK(n == 25);
    /* a short buffer is cut, never overrun */
    char small[40];
    CHECK(config_set(&c, "colour", "red", small, sizeof small) == -1);
    CHECK(strlen(small) == sizeof small - 1);
}

int main(void)
{
    RUN(defaults_match_documentation);
    RUN(file_sets_every_key);
    RUN(unknown_key_names_file_and_line);
    RUN(unknown_section_is_refused);
    RUN(bad_idle_timeout_value_is_refused);
    RUN(bad_flag_and_window_values_are_refused);
    RUN(syntax_error_names_the_line);
    RUN(missing_file_is_refused_saying_why);
    RUN(directory_is_refused);
    RUN(unreadable_file_says_why);
    RUN(overlong_line_is_refused_at_its_own_line);
    RUN(line_of_199_bytes_is_read_whole);
    RUN(last_line_without_newline_names_its_line);
    RUN(config_set_applies_flags_and_names_bad_key);
    RUN(sync_keys_default_to_standalone);
    RUN(file_sets_every_sync_key);
    RUN(bad_sync_values_name_the_line);
    RUN(staff_keys_default_and_parse);
    RUN(bad_staff_values_name_the_line);
    RUN(i18n_selects_language_from_locale_under_c_utf8);
    RUN(gettext_ignores_language_in_c_locale_but_not_c_utf8);
    RUN(readme_lists_exactly_the_configuration_keys);
    RUN(unknown_key_message_lists_every_key);
    return test_summary();
}
