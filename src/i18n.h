/* i18n: marks the text a user reads. _() translates a message for the
 * user's language; N_() marks a string for the catalogue where it is
 * translated later (tables of strings). Keys and key paths are never
 * translated: they are what the user must type. */
#ifndef JIANBAO_I18N_H
#define JIANBAO_I18N_H

#define _(s)  (s)
#define N_(s) (s)

#endif
