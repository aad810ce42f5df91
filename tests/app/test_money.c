/* test_money.c — prices as customers in Paris, New York and Tokyo read them. */
#include <stdint.h>
#include <string.h>

#include "model/money.h"
#include "test.h"

static const char *fmt(int64_t minor, const char *cur, const char *loc)
{
    static char buf[64];
    model_money_format(buf, sizeof buf, minor, cur, loc);
    return buf;
}

TEST(english_puts_the_symbol_first_and_drops_zero_cents)
{
    CHECKF(strcmp(fmt(63000, "EUR", "en_US"), "\xE2\x82\xAC" "630") == 0, "%s", fmt(63000, "EUR", "en_US"));
    CHECKF(strcmp(fmt(125050, "USD", "en_US"), "$1,250.50") == 0, "%s", fmt(125050, "USD", "en_US"));
    CHECK(strcmp(fmt(100000000, "USD", "en_GB"), "$1,000,000") == 0);
}

TEST(french_groups_with_narrow_spaces_and_puts_the_symbol_last)
{
    const char *s = fmt(125005, "EUR", "fr_FR");
    CHECKF(strcmp(s, "1\xE2\x80\xAF" "250,05\xC2\xA0\xE2\x82\xAC") == 0, "%s", s);
}

TEST(yen_has_no_minor_digits)
{
    CHECK(model_money_decimals("JPY") == 0);
    CHECKF(strcmp(fmt(125000, "JPY", "ja_JP"), "\xC2\xA5" "125,000") == 0, "%s", fmt(125000, "JPY", "ja_JP"));
}

TEST(unknown_currency_and_locale_still_format)
{
    CHECKF(strcmp(fmt(1999, "XAU", "xx"), "XAU\xC2\xA0" "19.99") == 0, "%s", fmt(1999, "XAU", "xx"));
    CHECK(strcmp(fmt(-500, "USD", "en_US"), "-$5") == 0);
    CHECK(strcmp(fmt(INT64_MIN, "USD", "en_US"), "") != 0);   /* no overflow */
}

TEST(truncates_safely_into_a_small_buffer)
{
    char small[4];
    size_t n = model_money_format(small, sizeof small, 123456789, "USD", "en_US");
    CHECK(n == 3 && strlen(small) == 3);
}

int main(void)
{
    RUN(english_puts_the_symbol_first_and_drops_zero_cents);
    RUN(french_groups_with_narrow_spaces_and_puts_the_symbol_last);
    RUN(yen_has_no_minor_digits);
    RUN(unknown_currency_and_locale_still_format);
    RUN(truncates_safely_into_a_small_buffer);
    return test_summary();
}
