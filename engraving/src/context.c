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
    /* The build targets baseline x86-64 (or aarch64, or anything with a C
     * compiler); the path is chosen here, once, and callers may change it.
     * No environment is read: a tool that wants a switch sets the option. */
    eng_context_set_simd(ctx, ENG_SIMD_AUTO);
    return ctx;
}

int eng_simd_available(eng_Simd simd)
{
    switch (simd) {
    case ENG_SIMD_AUTO:
    case ENG_SIMD_PORTABLE:
        return 1;
    case ENG_SIMD_SSE2:
#if defined(ENG_HAVE_SSE2)
        return 1;
#else
        return 0;
#endif
    case ENG_SIMD_AVX2:
#if defined(ENG_HAVE_AVX2)
        return __builtin_cpu_supports("avx2");
#else
        return 0;
#endif
    case ENG_SIMD_NEON:
#if defined(ENG_HAVE_NEON)
        return 1;
#else
        return 0;
#endif
    }
    return 0;
}

static const char *const simd_names[] = { "auto", "portable", "sse2", "avx2", "neon" };

const char *eng_simd_name(eng_Simd simd)
{
    return (unsigned)simd < sizeof simd_names / sizeof *simd_names ? simd_names[simd] : NULL;
}

eng_Status eng_simd_parse(const char *name, eng_Simd *out)
{
    unsigned i;
    for (i = 0; name && i < sizeof simd_names / sizeof *simd_names; i++) {
        if (!strcmp(name, simd_names[i])) {
            *out = (eng_Simd)i;
            return ENG_OK;
        }
    }
    return ENG_ERR_ARG;
}

eng_Status eng_context_set_simd(eng_Context *ctx, eng_Simd simd)
{
    static const eng_Simd best[] = { ENG_SIMD_AVX2, ENG_SIMD_SSE2, ENG_SIMD_NEON };
    unsigned i;
    if (!ctx)
        return ENG_ERR_ARG;
    if (!eng_simd_name(simd) || !eng_simd_available(simd))
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "the %s rasterizer path is not available in this "
                        "build on this CPU", eng_simd_name(simd) ? eng_simd_name(simd) : "unknown");
    if (simd == ENG_SIMD_AUTO) {
        simd = ENG_SIMD_PORTABLE;
        for (i = 0; i < sizeof best / sizeof *best; i++) {
            if (eng_simd_available(best[i])) {
                simd = best[i];
                break;
            }
        }
    }
    ctx->simd = simd;
    return ENG_OK;
}

eng_Simd eng_context_simd(const eng_Context *ctx)
{
    return ctx ? ctx->simd : ENG_SIMD_PORTABLE;
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
