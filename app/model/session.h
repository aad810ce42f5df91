/* session.h — one customer's visit: the flow's steps and the draft order.
 *
 * Pure C: no SDL, no SQLite, no clock of its own (times are passed in, in
 * milliseconds of whatever monotonic clock the caller uses), so the rules are
 * unit-tested without a screen.
 *
 * The flow:  ATTRACT -> CHARM -> FINISH -> ENGRAVING -> REVIEW -> DONE
 * Back always works and never loses the draft; only an idle timeout, or
 * starting over after DONE, clears it. Changing the charm keeps the typed
 * text even when it no longer fits: the engraving step then says why and
 * refuses to advance, but nothing typed is lost.
 */
#ifndef MODEL_SESSION_H
#define MODEL_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "model/catalogue.h"

typedef enum {
    MODEL_STEP_ATTRACT,
    MODEL_STEP_CHARM,
    MODEL_STEP_FINISH,
    MODEL_STEP_ENGRAVING,
    MODEL_STEP_REVIEW,
    MODEL_STEP_DONE
} model_Step;

typedef struct {
    const model_Catalogue *cat;          /* borrowed, outlives the session */
    model_Step step;
    char charm_id[MODEL_ID_MAX];         /* "" = not chosen yet */
    char finish_id[MODEL_ID_MAX];
    char font_id[MODEL_ID_MAX];          /* defaults to the first font */
    char layout[MODEL_ID_MAX];           /* defaults to "line" */
    char text[MODEL_TEXT_MAX];           /* UTF-8 */
    int64_t last_input_ms;               /* last touch, for the idle timeout */
    int64_t appointment_id;              /* the staff-run appointment, 0 = none */
    model_Piece set[MODEL_MAX_PIECES - 1]; /* pieces finished before the one in hand */
    int n_set;
    model_Order placed;                  /* the order once DONE */
} model_Session;

/* Starts in ATTRACT with an empty draft. */
void model_session_init(model_Session *s, const model_Catalogue *cat, int64_t now_ms);

/* Clears the draft and returns to ATTRACT. */
void model_session_reset(model_Session *s, int64_t now_ms);

/* Records customer input (any touch) for the idle timeout. */
void model_session_touch(model_Session *s, int64_t now_ms);

/* 1 when the session has been idle for timeout_ms outside ATTRACT: the caller
 * then resets it. */
int model_session_idle_expired(const model_Session *s, int64_t now_ms, int64_t timeout_ms);

/* Moves one step forward when the current step is complete (see
 * model_session_can_advance); returns 1 if it moved. */
int model_session_next(model_Session *s);

/* Moves one step back (CHARM goes back to ATTRACT, keeping the draft);
 * returns 1 if it moved. From DONE there is no way back. */
int model_session_back(model_Session *s);

/* 1 when the current step's choice is made (and for ENGRAVING, when the text
 * is non-empty and within the charm's character limit). */
int model_session_can_advance(const model_Session *s);

/* Choices. Each returns 0, or -1 for an id absent from the catalogue. */
int model_session_choose_charm(model_Session *s, const char *charm_id);
int model_session_choose_finish(model_Session *s, const char *finish_id);
int model_session_choose_font(model_Session *s, const char *font_id);
int model_session_choose_layout(model_Session *s, const char *layout);

/* The layouts that suit a charm, in display order, as eng_Layout names:
 * line and monogram everywhere, arcs on round charms (disc, oval), vertical
 * on charms taller than wide. Returns the count written to out (<= max). */
int model_layouts_for_charm(const model_Charm *charm, const char **out, int max);

/* Appends one character (a UTF-8 sequence) to the text. Returns 0, or -1
 * when the text would exceed MODEL_TEXT_MAX bytes or the charm's character
 * limit (the character is then not added). */
int model_session_type(model_Session *s, const char *utf8_char);

/* Removes the last character (a whole UTF-8 sequence). */
void model_session_backspace(model_Session *s);

/* Number of characters (code points) in the text. */
int model_session_text_chars(const model_Session *s);

/* Total price in minor units: charm + finish surcharge + engraving fee;
 * 0 while the charm is not chosen. */
int64_t model_session_price(const model_Session *s);

/* Fills *order from the draft (uuid, number and created_at are the store's).
 * Returns 0, or -1 when the draft is not complete. */
int model_session_to_order(const model_Session *s, model_Order *order);

/* Matching sets: from REVIEW, keeps the piece in hand and starts another
 * (its charm and engraving; same finish, font and layout to begin with) at
 * CHARM. 0, or -1 when the piece is not complete or the set is full. While
 * a set is under way, CHARM goes on to ENGRAVING (the finish is the set's)
 * and Back from CHARM returns to REVIEW with the previous piece in hand. */
int model_session_add_piece(model_Session *s);

/* Pieces in the order so far, the one in hand included. */
int model_session_pieces(const model_Session *s);

/* Records the stored order and moves to DONE. */
void model_session_placed(model_Session *s, const model_Order *order);

/* Stable English name of a step ("charm", "finish"...), for traces/stats. */
const char *model_step_name(model_Step step);

/* Count of UTF-8 code points in s (invalid bytes count one each). */
int model_utf8_count(const char *s);

#endif
