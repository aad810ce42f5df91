/* test_session.c — the customer flow's rules, without a screen or a database. */
#include <string.h>

#include "model/session.h"
#include "test.h"

static model_Catalogue cat;

static void make_catalogue(void)
{
    memset(&cat, 0, sizeof cat);
    strcpy(cat.currency, "EUR");
    cat.n_charms = 2;
    strcpy(cat.charms[0].id, "disc");
    strcpy(cat.charms[0].name, "Round Disc");
    cat.charms[0].max_chars = 5;
    cat.charms[0].price_minor = 18000;
    strcpy(cat.charms[1].id, "bar");
    cat.charms[1].max_chars = 20;
    cat.charms[1].price_minor = 16000;
    cat.n_finishes = 1;
    strcpy(cat.finishes[0].id, "rose-gold");
    cat.finishes[0].surcharge_minor = 45000;
    cat.n_fonts = 2;
    strcpy(cat.fonts[0].id, "garamond");
    strcpy(cat.fonts[1].id, "sans");
}

static void to_engraving(model_Session *s)
{
    model_session_init(s, &cat, 0);
    CHECK(model_session_next(s));                  /* attract -> charm */
    CHECK(model_session_choose_charm(s, "bar") == 0);
    CHECK(model_session_next(s));
    CHECK(model_session_choose_finish(s, "rose-gold") == 0);
    CHECK(model_session_next(s));
    CHECK(s->step == MODEL_STEP_ENGRAVING);
}

TEST(starts_in_attract_with_first_font_and_line_layout)
{
    model_Session s;
    model_session_init(&s, &cat, 0);
    CHECK(s.step == MODEL_STEP_ATTRACT);
    CHECK(strcmp(s.font_id, "garamond") == 0);
    CHECK(strcmp(s.layout, "line") == 0);
    CHECK(s.charm_id[0] == '\0' && s.text[0] == '\0');
}

TEST(cannot_continue_without_a_choice)
{
    model_Session s;
    model_session_init(&s, &cat, 0);
    model_session_next(&s);
    CHECK(!model_session_can_advance(&s));
    CHECK(!model_session_next(&s));
    CHECK(s.step == MODEL_STEP_CHARM);
    CHECK(model_session_choose_charm(&s, "no-such-charm") == -1);
    CHECK(s.charm_id[0] == '\0');
}

TEST(back_keeps_every_choice_and_the_text)
{
    model_Session s;
    to_engraving(&s);
    CHECK(model_session_type(&s, "L") == 0);
    CHECK(model_session_type(&s, "\xC3\xA9") == 0);   /* é */
    CHECK(model_session_back(&s) && s.step == MODEL_STEP_FINISH);
    CHECK(model_session_back(&s) && s.step == MODEL_STEP_CHARM);
    CHECK(model_session_back(&s) && s.step == MODEL_STEP_ATTRACT);
    CHECK(strcmp(s.charm_id, "bar") == 0);
    CHECK(strcmp(s.finish_id, "rose-gold") == 0);
    CHECK(strcmp(s.text, "L\xC3\xA9") == 0);
}

TEST(refuses_characters_over_the_charm_limit)
{
    model_Session s;
    to_engraving(&s);
    s.step = MODEL_STEP_CHARM;
    CHECK(model_session_choose_charm(&s, "disc") == 0);   /* 5 characters */
    s.step = MODEL_STEP_ENGRAVING;
    for (int i = 0; i < 5; i++) CHECK(model_session_type(&s, "\xC3\xB1") == 0);  /* ñ: 2 bytes */
    CHECK(model_session_type(&s, "a") == -1);
    CHECK(model_session_text_chars(&s) == 5);
}

TEST(changing_to_a_smaller_charm_keeps_text_but_blocks_review)
{
    model_Session s;
    to_engraving(&s);
    for (int i = 0; i < 8; i++) CHECK(model_session_type(&s, "x") == 0);
    CHECK(model_session_can_advance(&s));
    s.step = MODEL_STEP_CHARM;
    CHECK(model_session_choose_charm(&s, "disc") == 0);
    s.step = MODEL_STEP_ENGRAVING;
    CHECK(model_session_text_chars(&s) == 8);             /* nothing typed is lost */
    CHECK(!model_session_can_advance(&s));
    CHECK(!model_session_next(&s));
}

TEST(backspace_removes_a_whole_accented_character)
{
    model_Session s;
    to_engraving(&s);
    model_session_type(&s, "A");
    model_session_type(&s, "\xC3\xB8");                   /* ø */
    model_session_backspace(&s);
    CHECK(strcmp(s.text, "A") == 0);
    model_session_backspace(&s);
    model_session_backspace(&s);                          /* on empty: no harm */
    CHECK(s.text[0] == '\0');
    CHECK(!model_session_can_advance(&s));                /* an empty engraving */
}

TEST(price_is_charm_plus_surcharge_plus_fee_in_minor_units)
{
    model_Session s;
    to_engraving(&s);
    CHECK(model_session_price(&s) == 16000 + 45000);
    cat.engraving_fee_minor = 2500;
    model_session_type(&s, "A");
    CHECKF(model_session_price(&s) == 16000 + 45000 + 2500, "%lld", (long long)model_session_price(&s));
    cat.engraving_fee_minor = 0;
}

TEST(idle_timeout_applies_outside_attract_only)
{
    model_Session s;
    model_session_init(&s, &cat, 1000);
    CHECK(!model_session_idle_expired(&s, 1000 + 999999, 90000));
    model_session_next(&s);
    model_session_touch(&s, 5000);
    CHECK(!model_session_idle_expired(&s, 5000 + 89999, 90000));
    CHECK(model_session_idle_expired(&s, 5000 + 90000, 90000));
    model_session_choose_charm(&s, "disc");
    model_session_reset(&s, 95000);
    CHECK(s.step == MODEL_STEP_ATTRACT && s.charm_id[0] == '\0');
}

TEST(order_carries_every_choice)
{
    model_Session s;
    model_Order o;
    to_engraving(&s);
    CHECK(model_session_to_order(&s, &o) == -1);          /* no text yet */
    model_session_type(&s, "Z");
    CHECK(model_session_choose_font(&s, "sans") == 0);
    CHECK(model_session_to_order(&s, &o) == 0);
    CHECK(strcmp(o.charm_id, "bar") == 0 && strcmp(o.finish_id, "rose-gold") == 0);
    CHECK(strcmp(o.text, "Z") == 0 && strcmp(o.font_id, "sans") == 0);
    CHECK(strcmp(o.layout, "line") == 0 && strcmp(o.currency, "EUR") == 0);
    CHECK(o.price_minor == 61000);
    s.step = MODEL_STEP_REVIEW;
    CHECK(!model_session_next(&s));                       /* only the store moves on */
    o.number = 1001;
    model_session_placed(&s, &o);
    CHECK(s.step == MODEL_STEP_DONE && s.placed.number == 1001);
    CHECK(!model_session_back(&s));
}

TEST(unknown_layout_is_refused)
{
    model_Session s;
    model_session_init(&s, &cat, 0);
    CHECK(model_session_choose_layout(&s, "arc-top") == 0);
    CHECK(model_session_choose_layout(&s, "spiral") == -1);
    CHECK(strcmp(s.layout, "arc-top") == 0);
}

TEST(matching_piece_shares_the_finish_and_adds_its_price)
{
    model_Session s;
    model_Order o;
    to_engraving(&s);                       /* bar, rose gold */
    model_session_type(&s, "L");
    CHECK(model_session_add_piece(&s) == -1);   /* only from review */
    s.step = MODEL_STEP_REVIEW;
    CHECK(model_session_add_piece(&s) == 0);
    CHECK(s.step == MODEL_STEP_CHARM && s.n_set == 1 && s.charm_id[0] == '\0' && s.text[0] == '\0');
    CHECK(strcmp(s.finish_id, "rose-gold") == 0);
    CHECK(model_session_choose_charm(&s, "disc") == 0);
    CHECK(model_session_next(&s) && s.step == MODEL_STEP_ENGRAVING);   /* no second finish step */
    CHECK(model_session_back(&s) && s.step == MODEL_STEP_CHARM);
    CHECK(model_session_next(&s));
    model_session_type(&s, "M");
    CHECK(model_session_pieces(&s) == 2);
    CHECKF(model_session_price(&s) == (16000 + 45000) + (18000 + 45000), "%lld",
           (long long)model_session_price(&s));
    CHECK(model_session_to_order(&s, &o) == 0);
    CHECK(strcmp(o.charm_id, "bar") == 0 && strcmp(o.text, "L") == 0);
    CHECK(o.n_extra == 1 && strcmp(o.extra[0].charm_id, "disc") == 0 && strcmp(o.extra[0].text, "M") == 0);
    CHECK(o.price_minor == 124000);
}

TEST(back_from_a_matching_charm_returns_to_the_first_piece)
{
    model_Session s;
    to_engraving(&s);
    model_session_type(&s, "L");
    s.step = MODEL_STEP_REVIEW;
    CHECK(model_session_add_piece(&s) == 0);
    CHECK(model_session_back(&s));
    CHECK(s.step == MODEL_STEP_REVIEW && s.n_set == 0);
    CHECK(strcmp(s.charm_id, "bar") == 0 && strcmp(s.text, "L") == 0);   /* nothing lost */
}

TEST(a_set_holds_at_most_four_pieces)
{
    model_Session s;
    to_engraving(&s);
    for (int i = 0; i < MODEL_MAX_PIECES - 1; i++) {
        model_session_type(&s, "A");
        s.step = MODEL_STEP_REVIEW;
        CHECK(model_session_add_piece(&s) == 0);
        CHECK(model_session_choose_charm(&s, "bar") == 0);
        s.step = MODEL_STEP_ENGRAVING;
    }
    model_session_type(&s, "A");
    s.step = MODEL_STEP_REVIEW;
    CHECK(model_session_add_piece(&s) == -1);
    CHECK(model_session_pieces(&s) == MODEL_MAX_PIECES);
}

int main(void)
{
    make_catalogue();
    RUN(starts_in_attract_with_first_font_and_line_layout);
    RUN(cannot_continue_without_a_choice);
    RUN(back_keeps_every_choice_and_the_text);
    RUN(refuses_characters_over_the_charm_limit);
    RUN(changing_to_a_smaller_charm_keeps_text_but_blocks_review);
    RUN(backspace_removes_a_whole_accented_character);
    RUN(price_is_charm_plus_surcharge_plus_fee_in_minor_units);
    RUN(idle_timeout_applies_outside_attract_only);
    RUN(order_carries_every_choice);
    RUN(unknown_layout_is_refused);
    RUN(matching_piece_shares_the_finish_and_adds_its_price);
    RUN(back_from_a_matching_charm_returns_to_the_first_piece);
    RUN(a_set_holds_at_most_four_pieces);
    return test_summary();
}
