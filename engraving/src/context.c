/* context.c — the context: FreeType library, last error, allocation hook,
 * scratch buffers. One per thread; nothing here is shared. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

eng_Context *eng_context_new(void)
{
    eng_Context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    if (FT_Init_FreeType(&ctx->ft)) {
        free(ctx);
        return NULL;
    }
    /* The build targets baseline x86-64; the wider prefix sum is chosen
     * here, once. ENGRAVE_NO_AVX2 forces the SSE2 path (tests, A/B runs). */
#if defined(__x86_64__) && defined(__GNUC__)
    ctx->avx2 = __builtin_cpu_supports("avx2") && !getenv("ENGRAVE_NO_AVX2");
#endif
    return ctx;
}

void eng_context_free(eng_Context *ctx)
{
    if (!ctx)
        return;
    FT_Done_FreeType(ctx->ft);
    free(ctx->acc);
    free(ctx->bits);
    free(ctx->tpts);
    free(ctx->masks);
    free(ctx);
}

const char *eng_errmsg(const eng_Context *ctx)
{
    return ctx ? ctx->msg : "no engraving context";
}

int eng_errpos(const eng_Context *ctx)
{
    return ctx ? ctx->errpos : 0;
}

unsigned long eng_context_fail_alloc_after(eng_Context *ctx, unsigned long n)
{
    ctx->fail_at = n ? ctx->allocs + n : 0;
    return ctx->allocs;
}

/* The one allocation hook: every library allocation passes here so a test
 * can make the n-th one fail and check that nothing leaks or crashes. */
static int alloc_allowed(eng_Context *ctx)
{
    ctx->allocs++;
    return !(ctx->fail_at && ctx->allocs == ctx->fail_at);
}

void *Eng_alloc(eng_Context *ctx, size_t n)
{
    return alloc_allowed(ctx) ? malloc(n ? n : 1) : NULL;
}

void *Eng_calloc(eng_Context *ctx, size_t n, size_t size)
{
    return alloc_allowed(ctx) ? calloc(n ? n : 1, size ? size : 1) : NULL;
}

void *Eng_realloc(eng_Context *ctx, void *p, size_t n)
{
    return alloc_allowed(ctx) ? realloc(p, n ? n : 1) : NULL;
}

eng_Status Eng_fail(eng_Context *ctx, eng_Status st, int pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    va_end(ap);
    ctx->errpos = pos;
    memset(&ctx->refusal, 0, sizeof ctx->refusal);
    ctx->refusal.pos = pos;
    return st;
}

void Eng_why(eng_Context *ctx, eng_Why why, uint32_t cp, int limit, double min_height_mm)
{
    ctx->refusal.why = why;
    ctx->refusal.cp = cp;
    ctx->refusal.limit = limit;
    ctx->refusal.min_height_mm = min_height_mm;
}

const eng_Refusal *eng_refusal(const eng_Context *ctx)
{
    static const eng_Refusal none;
    return ctx ? &ctx->refusal : &none;
}

void Eng_clear_error(eng_Context *ctx)
{
    ctx->msg[0] = '\0';
    ctx->errpos = 0;
    memset(&ctx->refusal, 0, sizeof ctx->refusal);
}
