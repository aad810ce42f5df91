/* test.h — the project's tiny test harness.
 *
 * A test file defines TEST(name) functions and runs them from main() with
 * RUN(name). Each test prints one line, "PASS name" or "FAIL name: file:line:
 * what", which tests/run counts. CHECK stops the current test on failure.
 *
 *   TEST(refuses_text_longer_than_charm) { CHECK(eng_engrave(...) == ENG_ERR_TOO_LONG); }
 *   int main(void) { RUN(refuses_text_longer_than_charm); return test_summary(); }
 */
#ifndef TEST_H
#define TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_now;
static int test_failures;

#define TEST(name) static void name(void)

#define CHECK(cond) do { \
        if (!(cond)) { \
            printf("FAIL %s: %s:%d: %s\n", test_current, __FILE__, __LINE__, #cond); \
            test_failed_now = 1; return; \
        } } while (0)

/* CHECK with a printf-style explanation of the values involved. */
#define CHECKF(cond, ...) do { \
        if (!(cond)) { \
            printf("FAIL %s: %s:%d: %s: ", test_current, __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__); printf("\n"); \
            test_failed_now = 1; return; \
        } } while (0)

static const char *test_current = "";

#define RUN(name) do { \
        test_current = #name; test_failed_now = 0; \
        name(); \
        if (test_failed_now) test_failures++; \
        else printf("PASS %s\n", #name); \
        fflush(stdout); \
    } while (0)

static inline int test_summary(void) { return test_failures ? 1 : 0; }

#endif
