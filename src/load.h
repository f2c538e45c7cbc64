/* load: YAML file bytes -> document (input-format version 1).
 * Contract: every key and type rule of the format is checked here and each
 * violation reported with file, line, column and key path; unknown keys are
 * errors with a suggestion. On success the document holds raw text nodes;
 * nothing is resolved yet. Returns NULL when the file cannot be used at all;
 * a returned document may still carry errors in diags (check diags->errors). */
#ifndef JIANBAO_LOAD_H
#define JIANBAO_LOAD_H

#include "document.h"
#include "load_tree.h"

document *load_document(const char *file, const char *bytes, size_t len, const input_limits *limits,
                        diag_list *diags);

/* Shared by the template loader: the closest of `known` to `word`, or NULL;
 * and the unknown-key message with its suggestion. */
const char *closest_word(const char *word, const char *const *known, size_t count);
void report_unknown_keys(diag_list *diags, const tree_node *map, const char *path,
                         const char *const *known, size_t count);

#endif
