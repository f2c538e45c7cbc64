/* slips: the typing slip behind a YAML syntax error (part of `load`).
 * libyaml stops where the grammar breaks, often a line or two after the slip
 * that broke it, and names grammar, not what was typed. People who type with
 * a Chinese input method switched on make the same few slips: a full-width
 * colon or space where YAML needs an ASCII one, a tab or a misaligned key, a
 * ": " inside text, a quote never closed. find_slip looks at the lines
 * between the last good position and the stop for one of them; the caller
 * reports it at the slip's own line and column, or falls back to
 * yaml_problem_in_words. Keys are never translated: they are what to type. */
#ifndef JIANBAO_SLIPS_H
#define JIANBAO_SLIPS_H

#include "source.h"

typedef struct slip {
    size_t at;           /* byte offset of the character at fault */
    const char *key;     /* the key on that line as written, or NULL */
    const char *message; /* what is wrong and what to write instead */
} slip;

/* Looks at lines first..last (0-based, inclusive) of src, reading earlier
 * lines only to know the indentation in force. Returns false when no known
 * slip is there. */
bool find_slip(arena *a, const source_text *src, size_t first, size_t last, slip *out);

/* The quote at byte `at` opens a text libyaml found never closed. */
slip unclosed_quote(arena *a, const source_text *src, size_t at);

/* libyaml's reason for stopping, said plainly (a fallback when no slip is
 * found). */
const char *yaml_problem_in_words(const char *problem);

/* The English key for a key typed in Chinese (标题 -> title) or in
 * full-width letters (ｔｉｔｌｅ -> title), when that key is among `known`;
 * NULL otherwise. */
const char *english_key_for(arena *a, const char *word, const char *const *known, size_t count);

/* Bytes of full-width or no-break spaces before a key such as "　　content",
 * which YAML does not count as indentation; 0 when none. */
size_t blanks_before_key(const char *key);

/* Slips YAML parses without complaint, found by the loader where it expects
 * text. A one-key mapping where text is expected (联系电话: 0746-…) is
 * reported at its colon, and true returned. */
bool text_read_as_mapping(diag_list *diags, const source_text *src, const tree_node *n,
                          const char *path);
/* Warns when a plain text is followed by ` #` and text (`第3季度 #重点工作`),
 * which YAML drops as a comment; `# ` with a space is a comment meant. */
void warn_comment_after(diag_list *diags, const source_text *src, const tree_node *n,
                        const char *path);

/* A date as Word users type it (2022年8月1日, 2022.8.1, 2022/8/1, 2022-8-1):
 * true with its parts, for saying how to write it. */
bool date_as_typed(const char *s, int *y, int *m, int *d);
/* Full-width commas "，" in the plain items of a list: cells typed apart
 * with "，", which YAML reads as one. */
size_t wide_commas(const tree_node *list);

#endif
