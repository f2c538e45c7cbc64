/* Unit tests of `number`: reading numbers as people write them, and exact
 * decimal arithmetic. */
#include "../src/number.h"
#include "unit.h"

static arena a;

static number_status status_of(const char *text, int flags)
{
    return number_read(&a, text, strlen(text), flags).status;
}

static decimal num(const char *text)
{
    number_reading r = number_read(&a, text, strlen(text), NUMBER_ALLOW_NEGATIVE);
    CHECK(r.status == NUMBER_OK);
    return r.value;
}

static const char *sum(const char *const *terms, size_t count)
{
    decimal total;
    decimal_zero(&total);
    for (size_t i = 0; i < count; i++) {
        decimal t = num(terms[i]);
        CHECK(decimal_add(&total, &t, &total));
    }
    return decimal_format(&a, &total, false);
}

static const char *percent(const char *n, const char *d, int decimals)
{
    decimal x = num(n), y = num(d), out;
    if (!decimal_ratio(&x, &y, 2, decimals, &out))
        return "(none)";
    return decimal_format(&a, &out, false);
}

static void test_reading(void)
{
    CHECK(status_of("1234", 0) == NUMBER_OK);
    CHECK(status_of("1,234", 0) == NUMBER_OK);
    CHECK(number_read(&a, "1,234", 5, 0).grouped);
    CHECK(status_of("12,345.6", 0) == NUMBER_OK);
    CHECK(status_of("1,234,567", 0) == NUMBER_OK);
    CHECK(status_of("0.5", 0) == NUMBER_OK);
    CHECK(status_of("0", 0) == NUMBER_OK);
    CHECK(status_of("1,23", 0) == NUMBER_GROUPING);
    CHECK(status_of("12,34,567", 0) == NUMBER_GROUPING);
    CHECK(status_of("1234,567", 0) == NUMBER_GROUPING);
    CHECK(status_of(",123", 0) == NUMBER_GROUPING);
    CHECK(status_of("1.234,5", 0) == NUMBER_GROUPING);
    CHECK(status_of("00012", 0) == NUMBER_LEADING_ZERO);
    CHECK(status_of("-0", NUMBER_ALLOW_NEGATIVE) == NUMBER_NEGATIVE_ZERO);
    CHECK(status_of("-0.00", NUMBER_ALLOW_NEGATIVE) == NUMBER_NEGATIVE_ZERO);
    CHECK(status_of("-5", 0) == NUMBER_NEGATIVE);
    CHECK(status_of("-5", NUMBER_ALLOW_NEGATIVE) == NUMBER_OK);
    CHECK(status_of("+5", 0) == NUMBER_PLUS);
    CHECK(status_of("1e5", 0) == NUMBER_EXPONENT);
    CHECK(status_of("1.7e308", 0) == NUMBER_EXPONENT);
    CHECK(status_of(".5", 0) == NUMBER_BARE_POINT);
    CHECK(status_of("5.", 0) == NUMBER_BARE_POINT);
    CHECK(status_of("3.5万", 0) == NUMBER_MAGNITUDE);
    CHECK(status_of("2亿", 0) == NUMBER_MAGNITUDE);
    CHECK(status_of("60份", 0) == NUMBER_UNIT);
    CHECK(status_of("56.8%", 0) == NUMBER_PERCENT);
    CHECK(status_of("56.8%", NUMBER_ALLOW_PERCENT) == NUMBER_OK);
    CHECK(number_read(&a, "56.8%", 5, NUMBER_ALLOW_PERCENT).percent);
    CHECK(status_of("１２３", 0) == NUMBER_FULL_WIDTH);
    CHECK_STR(number_read(&a, "１２３", strlen("１２３"), 0).ascii, "123");
    CHECK_STR(number_read(&a, "1，234", strlen("1，234"), 0).ascii, "1,234");
    CHECK_STR(number_read(&a, "3。5", strlen("3。5"), 0).ascii, "3.5");
    CHECK(status_of("abc", 0) == NUMBER_NOT_A_NUMBER);
    CHECK(status_of("—", 0) == NUMBER_NOT_A_NUMBER);
    CHECK(status_of("1.2.3", 0) == NUMBER_NOT_A_NUMBER);
    CHECK(status_of("12abc", 0) == NUMBER_NOT_A_NUMBER);
    CHECK(status_of("", 0) == NUMBER_EMPTY);
    CHECK_STR(number_read(&a, " 1,234 ", 7, 0).text, "1,234"); /* "1,234 " quoted */
    CHECK(number_read(&a, "12\0x", 4, 0).status == NUMBER_NOT_A_NUMBER);
    CHECK(status_of("\"1,234\"", 0) == NUMBER_NOT_A_NUMBER); /* quotes are YAML's, not ours */
    CHECK(status_of("123456789012345678901234567890", 0) == NUMBER_OK);
    CHECK(status_of("1234567890123456789012345678901", 0) == NUMBER_TOO_LONG);
    CHECK(status_of("0.1234567890123456789012345678901", 0) == NUMBER_TOO_LONG);
}

static void test_problems(void)
{
    number_reading r = number_read(&a, "1e5", 3, 0);
    CHECK_STR(number_problem(&a, "1e5", &r),
              "`1e5` is written with an exponent; write the number out: 100000");
    r = number_read(&a, "2.5e-3", 6, 0);
    CHECK(strstr(number_problem(&a, "2.5e-3", &r), "write the number out: 0.0025") != NULL);
    r = number_read(&a, "1.7e308", 7, 0);
    CHECK(strstr(number_problem(&a, "1.7e308", &r), "more than 30 digits") != NULL);
}

static void test_magnitudes(void)
{
    number_reading r = number_read(&a, "0.42万", strlen("0.42万"), 0);
    CHECK_STR(number_magnitude_written_out(&a, &r), "4200");
    r = number_read(&a, "1.2345678万", strlen("1.2345678万"), 0);
    CHECK_STR(number_magnitude_written_out(&a, &r), "12345.678");
    r = number_read(&a, "3亿元", strlen("3亿元"), 0);
    CHECK_STR(number_magnitude_written_out(&a, &r), "300000000");
    CHECK_STR(r.suffix, "亿元");
}

static void test_sums(void)
{
    const char *big[] = {"100000000000000000001", "1"};
    CHECK_STR(sum(big, 2), "100000000000000000002");
    const char *small[] = {"0.1", "0.2", "0.0000000000000000001"};
    CHECK_STR(sum(small, 3), "0.3000000000000000001");
    const char *mixed[] = {"1,380", "4,210", "4200"};
    CHECK_STR(sum(mixed, 3), "9790");
    const char *signs[] = {"12.5", "-20", "7.50"};
    CHECK_STR(sum(signs, 3), "0.00");
    const char *negative[] = {"-3.2", "1.1"};
    CHECK_STR(sum(negative, 2), "-2.1");
    decimal big_sum = num("1234567.5");
    CHECK_STR(decimal_format(&a, &big_sum, true), "1,234,567.5");
    decimal x = num("12.50"), y = num("12.5"), z = num("12.51");
    CHECK(decimal_cmp(&x, &y) == 0 && decimal_cmp(&x, &z) < 0 && decimal_cmp(&z, &y) > 0);
}

static void test_ratios(void)
{
    CHECK_STR(percent("153", "227", 1), "67.4");
    CHECK_STR(percent("176", "227", 0), "78");
    CHECK_STR(percent("1", "8", 1), "12.5");   /* 12.5 exactly */
    CHECK_STR(percent("1", "16", 1), "6.3");   /* 6.25 rounds half up */
    CHECK_STR(percent("-1", "16", 1), "-6.3"); /* half away from zero */
    CHECK_STR(percent("1", "3", 2), "33.33");
    CHECK_STR(percent("2", "3", 0), "67");
    CHECK_STR(percent("1", "0.003", 1), "33333.3");
    CHECK_STR(percent("0", "5", 1), "0.0");
    CHECK_STR(percent("1", "0", 1), "(none)");
    CHECK_STR(percent("100000000000000000001", "300000000000000000003", 4), "33.3333");
}

int main(void)
{
    arena_init(&a);
    test_reading();
    test_problems();
    test_magnitudes();
    test_sums();
    test_ratios();
    arena_free(&a);
    return unit_finish();
}
