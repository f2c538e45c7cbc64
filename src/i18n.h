/* i18n: the text a user reads, in the user's language (GNU gettext, text
 * domain "jianbao"). _() translates a message; N_() marks a string for the
 * catalogue where it is translated later (tables of strings). Keys and key
 * paths are never translated: they are what the user must type.
 *
 * The language comes from LC_ALL, LC_MESSAGES or LANG (the first one set):
 * zh, zh_CN, zh_SG give simplified Chinese; zh_TW, zh_HK, zh_MO traditional;
 * anything else English. It does not need the locale to be installed, and
 * only messages change: numbers and the output never depend on the locale.
 * The catalogues are found by paths.h's locale_dir(). */
#ifndef JIANBAO_I18N_H
#define JIANBAO_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

typedef enum { LANGUAGE_ENGLISH, LANGUAGE_SIMPLIFIED, LANGUAGE_TRADITIONAL } message_language;

/* The language the variables name (value of LC_ALL, LC_MESSAGES, LANG in turn). */
message_language i18n_language_of(const char *lc_all, const char *lc_messages, const char *lang);

/* Chooses the language and binds the catalogue; call once, first in main. */
void i18n_init(void);

#endif
