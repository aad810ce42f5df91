/* fuzz_catalogue.c — libFuzzer target: arbitrary bytes as a catalogue
 * document, imported into a fresh in-memory store with the programs' font
 * check installed (app/jobs/font_check.c), so that fonts are really opened
 * under the data directory. A bad document must be refused with a message
 * and leave the previous catalogue loadable; an accepted one names only
 * fonts that open. Run from the repository root (as `make fuzz` does), or
 * set KIOSK_DATA_DIR to the directory holding assets/. Seeds:
 * tests/fuzz/seeds/fuzz_catalogue/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobs/font_check.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static store_Db *db;
    static jobs_FontCheck *fc;
    static model_Catalogue cat;
    char why[256];
    if (!db) {
        const char *dir = getenv("KIOSK_DATA_DIR");
        fc = jobs_font_check_new(dir ? dir : ".");
        /* Without the real fonts every catalogue would be refused at its
         * first font: the run would reach nothing past it. */
        if (!fc || jobs_font_check(fc, "assets/fonts/DejaVuSans.ttf", 0, why, sizeof why) !=
                       STORE_FONT_OK) {
            fprintf(stderr, "fuzz_catalogue: run from the repository root: %s\n",
                    fc ? why : "out of memory");
            abort();
        }
        if (store_open(":memory:", &db) != STORE_OK) abort();
        store_set_font_check(db, jobs_font_check, fc);
    }
    store_Status st = store_catalogue_import_text(db, (const char *)data, size, "fuzz.json");
    if (st != STORE_OK && store_errmsg(db)[0] == '\0')
        __builtin_trap();               /* a refusal always says why */
    /* Whatever happened, what is stored must load, and every font the
     * kiosk would offer opens. */
    if (store_catalogue_present(db) == 1) {
        if (store_catalogue_load(db, &cat) != STORE_OK)
            __builtin_trap();
        for (int i = 0; st == STORE_OK && i < cat.n_fonts; i++)
            if (jobs_font_check(fc, cat.fonts[i].file, cat.fonts[i].face_index, why,
                                sizeof why) != STORE_FONT_OK)
                __builtin_trap();
    }
    return 0;
}
