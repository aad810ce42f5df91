/* sign.c — request signatures: HMAC-SHA256 (libsodium) with the kiosk's
 * secret over "METHOD\nPATH\nTIMESTAMP\n" + body.
 *
 * The method and path are signed so a signed body cannot be replayed
 * against another endpoint; the timestamp so that the upstream can refuse
 * old requests (more than SYNC_CLOCK_SKEW_MAX seconds off). Verification
 * compares in constant time (sodium_memcmp).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sync/sync.h"

#define SECRET_FILE_MAX 256     /* bytes read from the secret file */

int sync_secret_load(const char *path, unsigned char key[SYNC_SECRET_BYTES], char *err,
                     size_t errcap)
{
    char buf[SECRET_FILE_MAX + 1];
    struct stat sb;
    ssize_t n = -1;
    int rc = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "%s: cannot open the secret file: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, errcap, "%s: the secret file is not a regular file", path);
        goto fail;
    }
    if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf(err, errcap, "%s: the secret file is readable by others; chmod 600 it", path);
        goto fail;
    }
    n = read(fd, buf, SECRET_FILE_MAX);
    if (n < 0) {
        snprintf(err, errcap, "%s: cannot read the secret file: %s", path, strerror(errno));
        goto fail;
    }
    buf[n] = '\0';
    const char *start = buf, *end = NULL;
    while (*start == ' ' || *start == '\n' || *start == '\r' || *start == '\t')
        start++;
    size_t bin_len = 0;
    if (sodium_hex2bin(key, SYNC_SECRET_BYTES, start, strlen(start), NULL, &bin_len, &end) != 0 ||
        bin_len != SYNC_SECRET_BYTES) {
        snprintf(err, errcap, "%s: expected 64 hex digits (openssl rand -hex 32)", path);
        goto fail;
    }
    for (; *end; end++)
        if (*end != ' ' && *end != '\n' && *end != '\r' && *end != '\t') {
            snprintf(err, errcap, "%s: expected 64 hex digits (openssl rand -hex 32)", path);
            goto fail;
        }
    rc = 0;
fail:
    sodium_memzero(buf, sizeof buf);
    if (rc != 0)
        sodium_memzero(key, SYNC_SECRET_BYTES);
    close(fd);
    return rc;
}

static void mac(const unsigned char key[SYNC_SECRET_BYTES], const char *method, const char *path,
                int64_t timestamp, const char *body, size_t len,
                unsigned char out[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    char ts[32];
    snprintf(ts, sizeof ts, "%" PRId64, timestamp);
    crypto_auth_hmacsha256_init(&st, key, SYNC_SECRET_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)method, strlen(method));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)path, strlen(path));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"\n", 1);
    if (len)
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final(&st, out);
}

void sync_sign(const unsigned char key[SYNC_SECRET_BYTES], const char *method, const char *path,
               int64_t timestamp, const char *body, size_t len, char hex[SYNC_SIG_HEX])
{
    unsigned char m[crypto_auth_hmacsha256_BYTES];
    mac(key, method, path, timestamp, body, len, m);
    sodium_bin2hex(hex, SYNC_SIG_HEX, m, sizeof m);
}

int sync_sign_verify(const unsigned char key[SYNC_SECRET_BYTES], const char *method,
                     const char *path, int64_t timestamp, const char *body, size_t len,
                     const char *sig)
{
    unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
    size_t n = 0;
    const char *end = NULL;
    if (!sig || strlen(sig) != 2 * sizeof got ||
        sodium_hex2bin(got, sizeof got, sig, strlen(sig), NULL, &n, &end) != 0 ||
        n != sizeof got || *end != '\0')
        return 0;
    mac(key, method, path, timestamp, body, len, want);
    return sodium_memcmp(want, got, sizeof got) == 0;
}
