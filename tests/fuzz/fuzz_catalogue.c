/* fuzz_catalogue.c — libFuzzer target: arbitrary bytes as a catalogue
 * document, imported into a fresh in-memory store. A bad document must be
 * refused with a message and leave the previous catalogue loadable. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static store_Db *db;
    static model_Catalogue cat;
    if (!db) {
        if (store_open(":memory:", &db) != STORE_OK) abort();
    }
    if (store_catalogue_import_text(db, (const char *)data, size, "fuzz.json") != STORE_OK &&
        store_errmsg(db)[0] == '\0')
        __builtin_trap();               /* a refusal always says why */
    /* Whatever happened, what is stored must load. */
    if (store_catalogue_present(db) == 1 && store_catalogue_load(db, &cat) != STORE_OK)
        __builtin_trap();
    return 0;
}
