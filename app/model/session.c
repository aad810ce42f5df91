/* session.c — the customer flow's rules (see session.h). */
#include "model/session.h"

#include <string.h>

static void copy_str(char *dst, const char *src, size_t cap)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void clear_draft(model_Session *s)
{
    s->charm_id[0] = '\0';
    s->finish_id[0] = '\0';
    s->text[0] = '\0';
    s->appointment_id = 0;
    s->n_set = 0;
    copy_str(s->font_id, s->cat && s->cat->n_fonts > 0 ? s->cat->fonts[0].id : "",
            sizeof s->font_id);
    copy_str(s->layout, "line", sizeof s->layout);
    memset(&s->placed, 0, sizeof s->placed);
}

void model_session_init(model_Session *s, const model_Catalogue *cat, int64_t now_ms)
{
    memset(s, 0, sizeof *s);
    s->cat = cat;
    model_session_reset(s, now_ms);
}

void model_session_reset(model_Session *s, int64_t now_ms)
{
    clear_draft(s);
    s->step = MODEL_STEP_ATTRACT;
    s->last_input_ms = now_ms;
}

void model_session_touch(model_Session *s, int64_t now_ms)
{
    s->last_input_ms = now_ms;
}

int model_session_idle_expired(const model_Session *s, int64_t now_ms, int64_t timeout_ms)
{
    return s->step != MODEL_STEP_ATTRACT && now_ms - s->last_input_ms >= timeout_ms;
}

int model_utf8_count(const char *p)
{
    int n = 0;
    for (; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80) n++;
    return n;
}

int model_session_text_chars(const model_Session *s)
{
    return model_utf8_count(s->text);
}

static int text_fits_charm(const model_Session *s)
{
    const model_Charm *c = model_catalogue_charm(s->cat, s->charm_id);
    return c && (c->max_chars <= 0 || model_session_text_chars(s) <= c->max_chars);
}

int model_session_can_advance(const model_Session *s)
{
    switch (s->step) {
    case MODEL_STEP_ATTRACT:   return 1;
    case MODEL_STEP_CHARM:     return model_catalogue_charm(s->cat, s->charm_id) != NULL;
    case MODEL_STEP_FINISH:    return model_catalogue_finish(s->cat, s->finish_id) != NULL;
    case MODEL_STEP_ENGRAVING: return s->text[0] != '\0' && text_fits_charm(s);
    case MODEL_STEP_REVIEW:    return 1;
    case MODEL_STEP_DONE:      return 1;
    }
    return 0;
}

int model_session_next(model_Session *s)
{
    if (!model_session_can_advance(s)) return 0;
    switch (s->step) {
    case MODEL_STEP_ATTRACT:   s->step = MODEL_STEP_CHARM; return 1;
    case MODEL_STEP_CHARM:     s->step = s->n_set ? MODEL_STEP_ENGRAVING : MODEL_STEP_FINISH; return 1;
    case MODEL_STEP_FINISH:    s->step = MODEL_STEP_ENGRAVING; return 1;
    case MODEL_STEP_ENGRAVING: s->step = MODEL_STEP_REVIEW; return 1;
    /* REVIEW moves on only through model_session_placed (the store decides). */
    case MODEL_STEP_REVIEW:    return 0;
    case MODEL_STEP_DONE:      return 0;
    }
    return 0;
}

int model_session_back(model_Session *s)
{
    switch (s->step) {
    case MODEL_STEP_ATTRACT:   return 0;
    case MODEL_STEP_CHARM:
        if (s->n_set) {
            /* Back out of the matching piece: the previous one is in hand again. */
            const model_Piece *p = &s->set[--s->n_set];
            copy_str(s->charm_id, p->charm_id, sizeof s->charm_id);
            copy_str(s->font_id, p->font_id, sizeof s->font_id);
            copy_str(s->layout, p->layout, sizeof s->layout);
            copy_str(s->text, p->text, sizeof s->text);
            s->step = MODEL_STEP_REVIEW;
            return 1;
        }
        s->step = MODEL_STEP_ATTRACT;
        return 1;
    case MODEL_STEP_FINISH:    s->step = MODEL_STEP_CHARM; return 1;
    case MODEL_STEP_ENGRAVING: s->step = s->n_set ? MODEL_STEP_CHARM : MODEL_STEP_FINISH; return 1;
    case MODEL_STEP_REVIEW:    s->step = MODEL_STEP_ENGRAVING; return 1;
    case MODEL_STEP_DONE:      return 0;
    }
    return 0;
}

int model_session_choose_charm(model_Session *s, const char *id)
{
    const model_Charm *c = model_catalogue_charm(s->cat, id);
    const char *suits[8];
    int n, ok = 0;
    if (!c) return -1;
    copy_str(s->charm_id, id, sizeof s->charm_id);
    /* A layout the new charm does not suit falls back to a centred line. */
    n = model_layouts_for_charm(c, suits, 8);
    for (int i = 0; i < n; i++) ok |= strcmp(suits[i], s->layout) == 0;
    if (!ok) copy_str(s->layout, "line", sizeof s->layout);
    return 0;
}

int model_session_choose_finish(model_Session *s, const char *id)
{
    if (!model_catalogue_finish(s->cat, id)) return -1;
    copy_str(s->finish_id, id, sizeof s->finish_id);
    return 0;
}

int model_session_choose_font(model_Session *s, const char *id)
{
    if (!model_catalogue_font(s->cat, id)) return -1;
    copy_str(s->font_id, id, sizeof s->font_id);
    return 0;
}

static const char *const layouts[] = { "line", "arc-top", "arc-bottom", "monogram", "vertical" };

int model_layouts_for_charm(const model_Charm *c, const char **out, int max)
{
    int round = strcmp(c->shape, "disc") == 0 || strcmp(c->shape, "oval") == 0;
    int n = 0;
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0] && n < max; i++) {
        const char *l = layouts[i];
        if (strncmp(l, "arc", 3) == 0 && !round) continue;
        if (strcmp(l, "vertical") == 0 && c->height_mm <= c->width_mm) continue;
        out[n++] = l;
    }
    return n;
}

int model_session_choose_layout(model_Session *s, const char *layout)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (strcmp(layout, layouts[i]) == 0) {
            copy_str(s->layout, layout, sizeof s->layout);
            return 0;
        }
    }
    return -1;
}

int model_session_type(model_Session *s, const char *ch)
{
    size_t have = strlen(s->text), add = strlen(ch);
    const model_Charm *c = model_catalogue_charm(s->cat, s->charm_id);
    if (add == 0 || have + add >= sizeof s->text) return -1;
    if (c && c->max_chars > 0 && model_session_text_chars(s) + model_utf8_count(ch) > c->max_chars)
        return -1;
    memcpy(s->text + have, ch, add + 1);
    return 0;
}

void model_session_backspace(model_Session *s)
{
    size_t n = strlen(s->text);
    /* Step back over continuation bytes to the start of the last sequence. */
    while (n > 0) {
        n--;
        if (((unsigned char)s->text[n] & 0xC0) != 0x80) break;
    }
    s->text[n] = '\0';
}

/* One piece: its charm, the set's finish surcharge, the engraving fee. */
static int64_t piece_price(const model_Session *s, const char *charm_id, const char *text)
{
    const model_Charm *c = model_catalogue_charm(s->cat, charm_id);
    const model_Finish *f = model_catalogue_finish(s->cat, s->finish_id);
    if (!c) return 0;
    return c->price_minor + (f ? f->surcharge_minor : 0) + (text[0] ? s->cat->engraving_fee_minor : 0);
}

int64_t model_session_price(const model_Session *s)
{
    int64_t total = piece_price(s, s->charm_id, s->text);
    for (int i = 0; i < s->n_set; i++) total += piece_price(s, s->set[i].charm_id, s->set[i].text);
    return total;
}

int model_session_pieces(const model_Session *s)
{
    return s->n_set + 1;
}

static void take_piece(const model_Session *s, model_Piece *p)
{
    copy_str(p->charm_id, s->charm_id, sizeof p->charm_id);
    copy_str(p->font_id, s->font_id, sizeof p->font_id);
    copy_str(p->layout, s->layout, sizeof p->layout);
    copy_str(p->text, s->text, sizeof p->text);
}

int model_session_add_piece(model_Session *s)
{
    if (s->step != MODEL_STEP_REVIEW || s->n_set >= MODEL_MAX_PIECES - 1 ||
        !model_catalogue_charm(s->cat, s->charm_id) || !s->text[0] || !text_fits_charm(s))
        return -1;
    take_piece(s, &s->set[s->n_set++]);
    s->charm_id[0] = '\0';
    s->text[0] = '\0';
    s->step = MODEL_STEP_CHARM;
    return 0;
}

int model_session_to_order(const model_Session *s, model_Order *o)
{
    if (!model_catalogue_charm(s->cat, s->charm_id) ||
        !model_catalogue_finish(s->cat, s->finish_id) ||
        !model_catalogue_font(s->cat, s->font_id) || s->text[0] == '\0' ||
        !text_fits_charm(s))
        return -1;
    memset(o, 0, sizeof *o);
    {
        /* The first piece is the order's own; the others follow in order. */
        model_Piece all[MODEL_MAX_PIECES];
        int n = 0;
        for (int i = 0; i < s->n_set; i++) all[n++] = s->set[i];
        take_piece(s, &all[n++]);
        copy_str(o->charm_id, all[0].charm_id, sizeof o->charm_id);
        copy_str(o->font_id, all[0].font_id, sizeof o->font_id);
        copy_str(o->layout, all[0].layout, sizeof o->layout);
        copy_str(o->text, all[0].text, sizeof o->text);
        for (int i = 1; i < n; i++) o->extra[o->n_extra++] = all[i];
    }
    copy_str(o->finish_id, s->finish_id, sizeof o->finish_id);
    copy_str(o->currency, s->cat->currency, sizeof o->currency);
    o->appointment_id = s->appointment_id;
    o->price_minor = model_session_price(s);
    return 0;
}

void model_session_placed(model_Session *s, const model_Order *order)
{
    s->placed = *order;
    s->step = MODEL_STEP_DONE;
}

const char *model_step_name(model_Step step)
{
    switch (step) {
    case MODEL_STEP_ATTRACT:   return "attract";
    case MODEL_STEP_CHARM:     return "charm";
    case MODEL_STEP_FINISH:    return "finish";
    case MODEL_STEP_ENGRAVING: return "engraving";
    case MODEL_STEP_REVIEW:    return "review";
    case MODEL_STEP_DONE:      return "done";
    }
    return "?";
}
