#include "i18n.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define DOMAIN "jianbao"

static bool has_region(const char *locale, const char *region)
{
    size_t n = strlen(region);
    const char *p = strstr(locale, region);
    return p && (p[n] == 0 || p[n] == '.' || p[n] == '@');
}

message_language i18n_language_of(const char *lc_all, const char *lc_messages, const char *lang)
{
    const char *name = lc_all && *lc_all             ? lc_all
                       : lc_messages && *lc_messages ? lc_messages
                                                     : lang;
    if (!name || strncmp(name, "zh", 2) != 0 || (name[2] && strchr("_.@", name[2]) == NULL))
        return LANGUAGE_ENGLISH;
    if (has_region(name, "_TW") || has_region(name, "_HK") || has_region(name, "_MO") ||
        strstr(name, "Hant"))
        return LANGUAGE_TRADITIONAL;
    return LANGUAGE_SIMPLIFIED;
}

void i18n_init(void)
{
    message_language language =
        i18n_language_of(getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"));
    if (language == LANGUAGE_ENGLISH)
        return; /* LC_MESSAGES stays "C": gettext returns the English text */
    /* The user's locale may not be generated on this machine: then C.UTF-8,
     * which still lets LANGUAGE pick the catalogue (plain "C" would not). */
    if (!setlocale(LC_MESSAGES, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C"))
        setlocale(LC_MESSAGES, "C.UTF-8");
    /* System messages (strerror) come translated in UTF-8 whatever the
     * user's character set; no other part of the program reads LC_CTYPE. */
    setlocale(LC_CTYPE, "C.UTF-8");
    setenv("LANGUAGE", language == LANGUAGE_TRADITIONAL ? "zh_TW" : "zh_CN", 1);
    bindtextdomain(DOMAIN, locale_dir());
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
}
