/* catalogue.h — what the boutique sells: charms, finishes, engraving fonts.
 *
 * Plain value types with fixed-size fields (hard caps below): the store fills
 * them from SQLite, the model and the UI read them. No I/O here.
 * Money is always an integer count of the currency's minor unit (cents for
 * EUR/USD, yen for JPY): never a double.
 */
#ifndef MODEL_CATALOGUE_H
#define MODEL_CATALOGUE_H

#include <stdint.h>

#define MODEL_ID_MAX        32   /* bytes of an id, with the NUL */
#define MODEL_NAME_MAX      64
#define MODEL_PATH_MAX     160
#define MODEL_MAX_CHARMS    24
#define MODEL_MAX_FINISHES  12
#define MODEL_MAX_FONTS      8
#define MODEL_TEXT_MAX     128   /* bytes of engraving text, with the NUL */
#define MODEL_HOLD_TOKEN_MAX 33  /* an edition hold token: 32 hex digits and the NUL */

typedef struct {
    char id[MODEL_ID_MAX];          /* "disc" */
    char name[MODEL_NAME_MAX];      /* "Round Disc" (English source string) */
    char shape[MODEL_ID_MAX];       /* an eng_CharmShape name: "disc", "heart"... */
    double width_mm, height_mm;
    double area_x_mm, area_y_mm, area_w_mm, area_h_mm;
    int max_chars;                  /* longest engraving accepted */
    int64_t price_minor;
    int sort;                       /* display order */
    int edition_size;               /* pieces in its limited edition; 0 = not limited */
} model_Charm;

typedef struct {
    char id[MODEL_ID_MAX];          /* "yellow-gold" */
    char name[MODEL_NAME_MAX];      /* "18k Yellow Gold" */
    char hallmark[MODEL_ID_MAX];    /* "750", "Pt950", "925" */
    int64_t surcharge_minor;
    uint32_t base_rgb, light_rgb, shade_rgb;  /* 0xRRGGBB, the metal's look */
    int sort;
} model_Finish;

typedef struct {
    char id[MODEL_ID_MAX];          /* "garamond" */
    char name[MODEL_NAME_MAX];      /* "Garamond" */
    char file[MODEL_PATH_MAX];      /* relative to the data dir: "assets/fonts/..." */
    int face_index;
    double min_height_mm;           /* engravability floor */
    int sort;
} model_Font;

typedef struct {
    char currency[4];               /* ISO 4217: "EUR" */
    int64_t engraving_fee_minor;    /* 0 = complimentary */
    model_Charm charms[MODEL_MAX_CHARMS];
    int n_charms;
    model_Finish finishes[MODEL_MAX_FINISHES];
    int n_finishes;
    model_Font fonts[MODEL_MAX_FONTS];
    int n_fonts;
} model_Catalogue;

/* Lookups by id; NULL when absent. The catalogue is borrowed. */
const model_Charm *model_catalogue_charm(const model_Catalogue *cat, const char *id);
const model_Finish *model_catalogue_finish(const model_Catalogue *cat, const char *id);
const model_Font *model_catalogue_font(const model_Catalogue *cat, const char *id);

/* A matching piece of a set: its own charm and engraving, in the order's finish. */
#define MODEL_MAX_PIECES 4          /* pieces in one order (a set) */
typedef struct {
    char charm_id[MODEL_ID_MAX];
    char font_id[MODEL_ID_MAX];
    char layout[MODEL_ID_MAX];
    char text[MODEL_TEXT_MAX];
} model_Piece;

/* A confirmed order, as the store keeps it. The first piece is the order's
 * own charm/font/layout/text; matching pieces follow in extra[]. */
typedef struct {
    char uuid[37];                  /* set by the store at insert: idempotency key */
    int64_t number;                 /* short number shown to the customer */
    char charm_id[MODEL_ID_MAX];
    char finish_id[MODEL_ID_MAX];
    char text[MODEL_TEXT_MAX];
    char font_id[MODEL_ID_MAX];
    char layout[MODEL_ID_MAX];      /* an eng_Layout name: "line" */
    int64_t price_minor;
    char currency[4];
    int64_t created_at;             /* Unix seconds, UTC */
    int64_t appointment_id;         /* the appointment it was made in, 0 = none */
    int serial;                     /* limited edition number (set by the store), 0 = none */
    char hold_token[MODEL_HOLD_TOKEN_MAX]; /* the edition hold to sell (store_edition_hold); "" none */
    model_Piece extra[MODEL_MAX_PIECES - 1]; /* matching pieces, same finish */
    int n_extra;
} model_Order;

#endif
