/* test_model_catalogue.c — lookups by id in a model_Catalogue (pure C). */
#include <stdio.h>
#include <string.h>

#include "model/catalogue.h"
#include "../test.h"

static model_Catalogue small(void)
{
    model_Catalogue c;
    memset(&c, 0, sizeof c);
    snprintf(c.charms[0].id, MODEL_ID_MAX, "disc");
    snprintf(c.charms[1].id, MODEL_ID_MAX, "heart");
    c.n_charms = 2;
    snprintf(c.finishes[0].id, MODEL_ID_MAX, "platinum");
    c.n_finishes = 1;
    snprintf(c.fonts[0].id, MODEL_ID_MAX, "sans");
    snprintf(c.fonts[1].id, MODEL_ID_MAX, "garamond");
    c.n_fonts = 2;
    return c;
}

TEST(finds_items_by_id)
{
    model_Catalogue c = small();
    CHECK(model_catalogue_charm(&c, "heart") == &c.charms[1]);
    CHECK(model_catalogue_finish(&c, "platinum") == &c.finishes[0]);
    CHECK(model_catalogue_font(&c, "garamond") == &c.fonts[1]);
}

TEST(returns_null_for_unknown_or_null_ids)
{
    model_Catalogue c = small();
    CHECK(model_catalogue_charm(&c, "Heart") == NULL);     /* ids are exact */
    CHECK(model_catalogue_charm(&c, "") == NULL);
    CHECK(model_catalogue_finish(&c, "gold") == NULL);
    CHECK(model_catalogue_font(&c, NULL) == NULL);
    CHECK(model_catalogue_charm(NULL, "disc") == NULL);
}

TEST(ignores_items_past_the_count)
{
    model_Catalogue c = small();
    snprintf(c.charms[2].id, MODEL_ID_MAX, "bar");          /* not counted */
    CHECK(model_catalogue_charm(&c, "bar") == NULL);
    c.n_charms = 0;
    CHECK(model_catalogue_charm(&c, "disc") == NULL);
}

int main(void)
{
    RUN(finds_items_by_id);
    RUN(returns_null_for_unknown_or_null_ids);
    RUN(ignores_items_past_the_count);
    return test_summary();
}
