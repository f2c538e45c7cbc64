/* habits: what Word taught the people who type bulletins, found before it
 * prints (part of `resolve`). A heading typed with the number the template
 * adds (四、下一步工作 prints 四、四、下一步工作) and a paragraph indented with
 * spaces (the template indents) are both warned about, never changed
 * silently. These functions only measure; resolve reports. */
#ifndef JIANBAO_HABITS_H
#define JIANBAO_HABITS_H

#include <stddef.h>

/* Bytes of heading numbering at the start of `text` (一、 （一） 1. （1）
 * 第一部分 …, each also with ASCII brackets and with 、 . ． for one
 * another, and the template's own `formats`, 4 of them, NULL for none),
 * with the blanks after it; 0 when the heading starts with none. */
size_t heading_number_prefix(const char *text, size_t len, const char *const *formats);

typedef enum { BLANKS_SPACES, BLANKS_WIDE, BLANKS_TABS, BLANKS_MIXED } blank_kind;

/* Bytes of blanks (spaces, full-width and no-break spaces, tabs) at the
 * start of `text`; *chars counts them and *kind says which they are. */
size_t leading_blanks(const char *text, size_t len, size_t *chars, blank_kind *kind);

#endif
