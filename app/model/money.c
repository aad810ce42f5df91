/* money.c — see money.h. */
#include "model/money.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *code, *symbol;
    int decimals;
} Currency;

static const Currency currencies[] = {
    { "EUR", "\xE2\x82\xAC", 2 },   /* € */
    { "USD", "$", 2 },
    { "GBP", "\xC2\xA3", 2 },       /* £ */
    { "CHF", "CHF\xC2\xA0", 2 },
    { "JPY", "\xC2\xA5", 0 },       /* ¥ */
};

typedef struct {
    const char *lang;               /* locale prefix */
    const char *group, *decimal;
    int symbol_after;               /* "1 250 €" rather than "€1,250" */
} Convention;

static const Convention conventions[] = {
    { "fr", "\xE2\x80\xAF", ",", 1 },  /* narrow no-break space groups */
    { "de", ".", ",", 1 },
    { "ja", ",", ".", 0 },
    { "en", ",", ".", 0 },
};

static const Currency *currency_find(const char *code)
{
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++)
        if (code && strcmp(code, currencies[i].code) == 0) return &currencies[i];
    return NULL;
}

static const Convention *convention_find(const char *locale)
{
    for (size_t i = 0; i < sizeof conventions / sizeof conventions[0]; i++)
        if (locale && strncmp(locale, conventions[i].lang, 2) == 0) return &conventions[i];
    return &conventions[sizeof conventions / sizeof conventions[0] - 1];
}

int model_money_decimals(const char *currency)
{
    const Currency *c = currency_find(currency);
    return c ? c->decimals : 2;
}

/* Writes the whole units with group separators every three digits. */
static void group_digits(char *out, size_t cap, uint64_t units, const char *sep)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)units);
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s", sep);
        if (len + 1 < cap) { out[len++] = digits[i]; out[len] = '\0'; }
    }
}

size_t model_money_format(char *buf, size_t cap, int64_t minor,
                          const char *currency, const char *locale)
{
    const Currency *cur = currency_find(currency);
    const Convention *cv = convention_find(locale);
    int decimals = cur ? cur->decimals : 2;
    uint64_t scale = 1, mag;
    char number[64], fraction[16] = "";
    char symbol[16];
    int n;

    if (cap == 0) return 0;
    for (int i = 0; i < decimals; i++) scale *= 10;
    /* Negative amounts (refunds) keep their sign; avoid overflow on INT64_MIN. */
    mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    group_digits(number, sizeof number, mag / scale, cv->group);
    if (decimals > 0 && mag % scale != 0) {
        char digs[8];
        uint64_t frac = mag % scale;
        for (int i = decimals - 1; i >= 0; i--, frac /= 10) digs[i] = (char)('0' + frac % 10);
        digs[decimals] = '\0';
        snprintf(fraction, sizeof fraction, "%s%s", cv->decimal, digs);
    }
    if (cur) snprintf(symbol, sizeof symbol, "%s", cur->symbol);
    else snprintf(symbol, sizeof symbol, "%.3s\xC2\xA0", currency ? currency : "");

    if (cv->symbol_after) {
        /* Symbols written before a number ("CHF ") lose their trailing space. */
        size_t sl = strlen(symbol);
        if (sl >= 2 && (unsigned char)symbol[sl - 1] == 0xA0) symbol[sl - 2] = '\0';
        n = snprintf(buf, cap, "%s%s%s\xC2\xA0%s", minor < 0 ? "-" : "", number, fraction, symbol);
    } else {
        n = snprintf(buf, cap, "%s%s%s%s", minor < 0 ? "-" : "", symbol, number, fraction);
    }
    if (n < 0) { buf[0] = '\0'; return 0; }
    return (size_t)n < cap ? (size_t)n : cap - 1;
}
