/* main.c — kiosk-hub: the brand's hub (docs/protocol-v1.md).
 *
 *   kiosk-hub [--db CONNINFO] serve [--port N] [--listen ADDR] [--threads N]
 *             [--prefix /PATH] [--tls-cert F --tls-key F] [--trace DIR] [--access-log]
 *   kiosk-hub [--db CONNINFO] admin COMMAND ...
 *   kiosk-hub [--db CONNINFO] migrate
 *
 * CONNINFO is a libpq connection string ("host=/run/postgresql dbname=hub",
 * "postgresql://hub@db.example/hub"); without --db, $KIOSK_HUB_DB, else
 * libpq's PG* variables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hub/hub.h"

static int usage(void)
{
    fprintf(stderr,
        "usage: kiosk-hub [--db CONNINFO] serve [--port N] [--listen ADDR] [--threads N]\n"
        "                 [--prefix /PATH] [--tls-cert F --tls-key F] [--trace DIR] [--access-log]\n"
        "       kiosk-hub [--db CONNINFO] admin COMMAND ...   (kiosk-hub admin help)\n"
        "       kiosk-hub [--db CONNINFO] migrate\n");
    return 2;
}

static int int_arg(const char *flag, const char *v, long lo, long hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || end == v || *end || n < lo || n > hi) {
        fprintf(stderr, "kiosk-hub: %s: expected a whole number from %ld to %ld\n", flag, lo, hi);
        return -1;
    }
    *out = (int)n;
    return 0;
}

int main(int argc, char **argv)
{
    const char *conninfo = getenv("KIOSK_HUB_DB");
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--db") == 0) {
        conninfo = argv[i + 1];
        i += 2;
    }
    if (!conninfo)
        conninfo = "";
    if (i >= argc)
        return usage();
    if (sodium_init() < 0) {
        fprintf(stderr, "kiosk-hub: libsodium cannot start\n");
        return 1;
    }
    if (strcmp(argv[i], "admin") == 0)
        return hub_admin(conninfo, argc - i - 1, argv + i + 1);
    if (strcmp(argv[i], "migrate") == 0) {
        char err[HUB_ERR_MAX];
        PGconn *pg = hub_db_connect(conninfo, err, sizeof err);
        int rc = pg && hub_db_migrate(pg, err, sizeof err) == 0 ? 0 : 1;
        if (rc)
            fprintf(stderr, "kiosk-hub: %s\n", err);
        else
            printf("hub schema version %d\n", HUB_SCHEMA_VERSION);
        PQfinish(pg);
        return rc;
    }
    if (strcmp(argv[i], "serve") != 0)
        return usage();
    hub_ServeOptions opt = { .conninfo = conninfo, .port = 8443, .threads = 8 };
    for (i++; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(f, "--access-log") == 0) { opt.access_log = 1; continue; }
        if (!v)
            return usage();
        if (strcmp(f, "--port") == 0) { if (int_arg(f, v, 0, 65535, &opt.port)) return 2; }
        else if (strcmp(f, "--threads") == 0) { if (int_arg(f, v, 1, 256, &opt.threads)) return 2; }
        else if (strcmp(f, "--listen") == 0) opt.listen = v;
        else if (strcmp(f, "--prefix") == 0) opt.prefix = v;
        else if (strcmp(f, "--tls-cert") == 0) opt.tls_cert = v;
        else if (strcmp(f, "--tls-key") == 0) opt.tls_key = v;
        else if (strcmp(f, "--trace") == 0) opt.trace_dir = v;
        else return usage();
        i++;
    }
    if (!opt.tls_cert != !opt.tls_key) {
        fprintf(stderr, "kiosk-hub: --tls-cert and --tls-key go together\n");
        return 2;
    }
    return hub_serve(&opt);
}
