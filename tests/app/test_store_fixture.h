/* test_store_fixture.h — what the staff-mode store tests share: a fresh
 * temporary directory per test, a database with the shipped catalogue,
 * direct SQL on the file (bypassing the store), sample orders. Each test
 * binary includes it once. Run from the repository root. */
#ifndef TEST_STORE_FIXTURE_H
#define TEST_STORE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"

#define SHIPPED "assets/catalogue.json"

static char tmpdir[64];
static char dbpath[128];

static inline void fresh_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk-staff.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(dbpath, sizeof dbpath, "%s/kiosk.db", tmpdir);
}

static inline void remove_dir(void)
{
    DIR *d = opendir(tmpdir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* Writes `text` to <tmpdir>/<name>; returns the path (static buffer). */
static inline const char *write_file(const char *name, const char *text)
{
    static char path[192];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* The shipped catalogue with the first `from` replaced by `to`, written to
 * <tmpdir>/<name>; its path, or NULL when `from` is absent. */
static inline const char *catalogue_variant(const char *name, const char *from, const char *to)
{
    FILE *f = fopen(SHIPPED, "rb");
    if (!f)
        return NULL;
    char *text = calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, from);
    const char *path = NULL;
    if (at) {
        size_t len = strlen(text) + strlen(to) + 1;
        char *out = malloc(len);
        snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
        path = write_file(name, out);
        free(out);
    }
    free(text);
    return path;
}

/* Takes a database back from schema v8 to v7 (the older versions' tests
 * start from there). */
#define UNDO_V8 \
    "DROP TRIGGER appointments_no_overlap_insert; DROP TRIGGER appointments_no_overlap_update;" \
    "DROP INDEX appointments_station; DROP TABLE sync_quarantine;" \
    "ALTER TABLE appointments DROP COLUMN not_placed_reason;"

static inline long long sql_int(const char *path, const char *sql)
{
    sqlite3 *s = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_open(path, &s) == SQLITE_OK &&
        sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(s);
    return v;
}

/* Runs SQL on the file directly; 0 ok, else SQLite's code. */
static inline int sql_exec(const char *path, const char *sql)
{
    sqlite3 *s = NULL;
    int rc = sqlite3_open(path, &s);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s, sql, NULL, NULL, NULL);
    sqlite3_close(s);
    return rc;
}

/* A database as schema version 1 shipped it, with one order (uuid
 * ...0001, number 1001, "Ana"): tests/fixtures/schema_v1.sql, the one frozen
 * copy, run on path (tests run from the repository root). 1 ok, 0 not. */
static inline int make_v1_database(const char *path)
{
    FILE *f = fopen("tests/fixtures/schema_v1.sql", "r");
    static char sql[16384];
    size_t n = f ? fread(sql, 1, sizeof sql - 1, f) : 0;
    int whole = f && feof(f) && !ferror(f);
    if (f)
        fclose(f);
    if (!whole || n == 0) {
        printf("    tests/fixtures/schema_v1.sql: cannot read it whole\n");
        return 0;
    }
    sql[n] = '\0';
    return sql_exec(path, sql) == SQLITE_OK;
}

static inline store_Db *open_catalogue(const char *catalogue)
{
    store_Db *db = NULL;
    fresh_dir();
    if (store_open(dbpath, &db) != STORE_OK ||
        store_catalogue_import(db, catalogue ? catalogue : SHIPPED) != STORE_OK) {
        printf("setup: %s\n", store_errmsg(db));
        store_close(db);
        return NULL;
    }
    return db;
}

static inline model_Order sample_order(const char *charm)
{
    model_Order o;
    memset(&o, 0, sizeof o);
    snprintf(o.charm_id, sizeof o.charm_id, "%s", charm);
    snprintf(o.finish_id, sizeof o.finish_id, "vermeil");
    snprintf(o.font_id, sizeof o.font_id, "sans");
    snprintf(o.text, sizeof o.text, "Léa");
    snprintf(o.layout, sizeof o.layout, "line");
    snprintf(o.currency, sizeof o.currency, "EUR");
    o.price_minor = 18000;
    return o;
}

#endif
