/* Unit tests: the message language chosen from LC_ALL, LC_MESSAGES, LANG,
 * and the catalogue found and used from the build tree. */
#include <locale.h>
#include <stdlib.h>

#include "../src/i18n.h"
#include "unit.h"

static void test_language_choice(void)
{
    CHECK(i18n_language_of("zh_CN.UTF-8", NULL, NULL) == LANGUAGE_SIMPLIFIED);
    CHECK(i18n_language_of("zh_SG.UTF-8", NULL, NULL) == LANGUAGE_SIMPLIFIED);
    CHECK(i18n_language_of("zh", NULL, NULL) == LANGUAGE_SIMPLIFIED);
    CHECK(i18n_language_of("zh_CN.GB18030", NULL, NULL) == LANGUAGE_SIMPLIFIED);
    CHECK(i18n_language_of("zh_TW.UTF-8", NULL, NULL) == LANGUAGE_TRADITIONAL);
    CHECK(i18n_language_of("zh_HK.UTF-8", NULL, NULL) == LANGUAGE_TRADITIONAL);
    CHECK(i18n_language_of("zh_MO", NULL, NULL) == LANGUAGE_TRADITIONAL);
    CHECK(i18n_language_of("zh_TW.Big5@stroke", NULL, NULL) == LANGUAGE_TRADITIONAL);
    CHECK(i18n_language_of("en_US.UTF-8", NULL, NULL) == LANGUAGE_ENGLISH);
    CHECK(i18n_language_of("C.UTF-8", "zh_CN.UTF-8", "zh_CN.UTF-8") == LANGUAGE_ENGLISH);
    CHECK(i18n_language_of("zht_XX", NULL, NULL) == LANGUAGE_ENGLISH); /* not zh */
    CHECK(i18n_language_of("C", NULL, NULL) == LANGUAGE_ENGLISH);
    CHECK(i18n_language_of(NULL, NULL, NULL) == LANGUAGE_ENGLISH);
    /* LC_ALL first, then LC_MESSAGES, then LANG; an empty one counts as unset */
    CHECK(i18n_language_of("", "zh_TW.UTF-8", "en_US.UTF-8") == LANGUAGE_TRADITIONAL);
    CHECK(i18n_language_of(NULL, "en_GB.UTF-8", "zh_CN.UTF-8") == LANGUAGE_ENGLISH);
    CHECK(i18n_language_of(NULL, "", "zh_HK.UTF-8") == LANGUAGE_TRADITIONAL);
}

/* The whole path: a locale that is not generated on any machine still
 * gives the translation, in UTF-8, and numbers keep their point. */
static void test_catalogue_in_use(void)
{
    setenv("LC_ALL", "zh_CN.NOT-A-CODESET", 1);
    i18n_init();
    bindtextdomain("jianbao", BUILD_LOCALEDIR); /* this test is not beside build/po */
    CHECK_STR(_("error"), "错误");
    CHECK_STR(_("warning"), "警告");
    char number[16];
    snprintf(number, sizeof number, "%.1f", 3.5);
    CHECK_STR(number, "3.5");
    CHECK_STR(setlocale(LC_NUMERIC, NULL), "C");
}

int main(void)
{
    test_language_choice();
    test_catalogue_in_use();
    return unit_finish();
}
