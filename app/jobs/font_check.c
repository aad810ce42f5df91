/* font_check.c — see font_check.h. */
#include "jobs/font_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engrave.h"

struct jobs_FontCheck {
    eng_Context *eng;
    char data_dir[JOBS_FONT_PATH_MAX];
};

jobs_FontCheck *jobs_font_check_new(const char *data_dir)
{
    jobs_FontCheck *fc = calloc(1, sizeof *fc);
    if (!fc)
        return NULL;
    fc->eng = eng_context_new();
    if (!fc->eng) {
        free(fc);
        return NULL;
    }
    snprintf(fc->data_dir, sizeof fc->data_dir, "%s", data_dir && data_dir[0] ? data_dir : ".");
    return fc;
}

void jobs_font_check_free(jobs_FontCheck *fc)
{
    if (!fc)
        return;
    eng_context_free(fc->eng);
    free(fc);
}

store_FontCheck jobs_font_check(void *user, const char *file, int face, char *why, size_t cap)
{
    jobs_FontCheck *fc = user;
    char path[2 * JOBS_FONT_PATH_MAX];
    struct stat sb;
    eng_Font *font = NULL;
    int faces = 0;
    eng_Status st;

    if (file[0] == '/')
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "%s/%s", fc->data_dir, file);
    /* Said in the operator's words first: the library's message holds the
     * whole path, the catalogue only names `file`. */
    if (stat(path, &sb) != 0) {
        snprintf(why, cap, "\"%s\" %s (looked for %s)", file,
                 errno == ENOENT ? "does not exist" : strerror(errno), path);
        return STORE_FONT_BAD_FILE;
    }
    if (S_ISDIR(sb.st_mode)) {
        snprintf(why, cap, "\"%s\" is a directory, not a font file", file);
        return STORE_FONT_BAD_FILE;
    }
    st = eng_font_face_count(fc->eng, path, &faces);
    if (st == ENG_ERR_FONT) {
        snprintf(why, cap, "\"%s\" is not a font file", file);
        return STORE_FONT_BAD_FILE;
    }
    if (st != ENG_OK) {
        snprintf(why, cap, "\"%s\": %s", file, eng_errmsg(fc->eng));
        return STORE_FONT_BAD_FILE;
    }
    if (face >= faces) {
        snprintf(why, cap, "face %d, but \"%s\" has %d face%s (0 to %d)", face, file, faces,
                 faces == 1 ? "" : "s", faces - 1);
        return STORE_FONT_BAD_FACE;
    }
    /* Opened as the preview and the production files will open it: a face
     * without outlines or that HarfBuzz cannot shape is refused here. */
    st = eng_font_open(fc->eng, path, face, &font);
    eng_font_free(font);
    if (st != ENG_OK) {
        snprintf(why, cap, "\"%s\" face %d cannot be engraved: %s", file, face,
                 eng_errmsg(fc->eng));
        return STORE_FONT_BAD_FILE;
    }
    return STORE_FONT_OK;
}
