/* crypto.c — personal data at rest: the key file and sealed fields.
 *
 * An appointment's name, contact and notes are stored as
 * nonce || crypto_secretbox_easy(text) (XSalsa20-Poly1305, a fresh random
 * nonce per field), so the database file, its WAL and any copy of them hold
 * no readable personal data. The key lives in its own file beside the
 * database, `<db>.key`: 32 random bytes, mode 0600, created on first use.
 * Keeping it out of the database means a copied database alone reveals
 * nothing. It is loaded lazily, by the first call that needs it, or at start
 * by store_key_load, so a process that never touches personal data never
 * reads it. The sync daemon does (kioskctl sync, ctl_sync.c): it seals the
 * appointments the upstream sends, so it loads the key at start.
 *
 * A key file with the wrong size or readable by anyone but its owner is
 * refused (STORE_ERR_KEY) rather than repaired: replacing it would make
 * every sealed field unreadable, and a loose mode means someone else may
 * have it. Messages name the key file, never the data.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store_int.h"

_Static_assert(STORE_KEY_BYTES == crypto_secretbox_KEYBYTES, "secretbox key size");

#define KEY_PATH_MAX 4096

static store_Status key_path(store_Db *db, char *path, size_t cap)
{
    const char *file = db->sql ? sqlite3_db_filename(db->sql, "main") : NULL;
    if (!file || !*file)    /* an in-memory database: a key for this handle only */
        return STORE_NOTFOUND;
    if (snprintf(path, cap, "%s.key", file) >= (int)cap)
        return store_fail(db, STORE_ERR_KEY, "the key file path is too long");
    return STORE_OK;
}

/* Reads exactly STORE_KEY_BYTES from an existing key file, checking its mode. */
static store_Status read_key(store_Db *db, const char *path, int fd)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return store_fail(db, STORE_ERR_KEY, "%s: cannot read: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077) != 0)
        return store_fail(db, STORE_ERR_KEY,
                          "%s: the personal-data key must be a file of mode 0600 (it is %04o);"
                          " fix it with chmod 600", path, (unsigned)(sb.st_mode & 07777));
    if (sb.st_size != STORE_KEY_BYTES)
        return store_fail(db, STORE_ERR_KEY,
                          "%s: the personal-data key must be %d bytes (it is %lld); restore"
                          " the right file", path, STORE_KEY_BYTES, (long long)sb.st_size);
    ssize_t n = read(fd, db->key, STORE_KEY_BYTES);
    if (n != STORE_KEY_BYTES)
        return store_fail(db, STORE_ERR_KEY, "%s: cannot read the key", path);
    return STORE_OK;
}

/* Creates the key file (O_EXCL: two processes starting at once must not
 * both write one; the loser reads the winner's). 1 created, 0 it existed. */
static store_Status create_key(store_Db *db, const char *path, int *created)
{
    *created = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return STORE_OK;
        return store_fail(db, STORE_ERR_KEY, "%s: cannot create the key file: %s", path,
                          strerror(errno));
    }
    unsigned char key[STORE_KEY_BYTES];
    crypto_secretbox_keygen(key);
    store_Status status = STORE_OK;
    if (write(fd, key, sizeof key) != (ssize_t)sizeof key || fsync(fd) != 0)
        status = store_fail(db, STORE_ERR_KEY, "%s: cannot write the key file: %s", path,
                            strerror(errno));
    close(fd);
    sodium_memzero(key, sizeof key);
    if (status != STORE_OK)
        unlink(path);
    else
        *created = 1;
    return status;
}

store_Status store_key_load(store_Db *db)
{
    char path[KEY_PATH_MAX];
    if (db->key_ready)
        return STORE_OK;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = key_path(db, path, sizeof path);
    if (status == STORE_NOTFOUND) {
        crypto_secretbox_keygen(db->key);
        db->key_ready = 1;
        return STORE_OK;
    }
    if (status != STORE_OK)
        return status;
    int created = 0;
    status = create_key(db, path, &created);
    if (status != STORE_OK)
        return status;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return store_fail(db, STORE_ERR_KEY, "%s: cannot open the key file: %s", path,
                          strerror(errno));
    status = read_key(db, path, fd);
    close(fd);
    if (status == STORE_OK)
        db->key_ready = 1;
    else
        sodium_memzero(db->key, sizeof db->key);
    return status;
}

store_Status store_seal(store_Db *db, const char *plain, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    store_Status status = store_key_load(db);
    if (status != STORE_OK)
        return status;
    size_t len = strlen(plain);
    size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *buf = malloc(total);
    if (!buf)
        return store_fail(db, STORE_ERR, "out of memory");
    randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len,
                          buf, db->key);
    *out = buf;
    *out_len = total;
    return STORE_OK;
}

store_Status store_unseal(store_Db *db, const void *sealed, size_t len, char *dst, size_t cap)
{
    const unsigned char *in = sealed;
    dst[0] = '\0';
    store_Status status = store_key_load(db);
    if (status != STORE_OK)
        return status;
    size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (len < over || len - over >= cap)
        return store_fail(db, STORE_ERR, "a personal-data field is damaged (bad length)");
    if (crypto_secretbox_open_easy((unsigned char *)dst, in + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, in, db->key) != 0)
        return store_fail(db, STORE_ERR_KEY,
                          "a personal-data field does not open with the key file: is it"
                          " this database's key?");
    dst[len - over] = '\0';
    return STORE_OK;
}
