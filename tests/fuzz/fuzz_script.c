/* fuzz_script.c — libFuzzer target: arbitrary bytes as a headless-driver
 * script. The parser must refuse what it cannot read with a message naming
 * the line, never crash or read past the input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "headless/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    script_Script s;
    char err[512];
    if (script_parse((const char *)data, size, &s, err, sizeof err) == 0) {
        for (int i = 0; i < s.n; i++)
            if (s.commands[i].line < 1 || strlen(s.commands[i].arg) >= SCRIPT_ARG_MAX)
                __builtin_trap();
        script_free(&s);
    } else if (strncmp(err, "line ", 5) != 0 && strcmp(err, "out of memory") != 0) {
        __builtin_trap();               /* every refusal names its line */
    }
    return 0;
}
