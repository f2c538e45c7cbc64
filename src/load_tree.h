/* load_tree: YAML text -> a tree of positioned nodes (first half of `load`).
 * Checks what YAML itself can get wrong: invalid UTF-8, syntax, duplicate
 * keys, non-scalar keys, nesting depth and alias expansion bounds. Aliases
 * share the anchored node; the bound counts every node an alias re-uses. */
#ifndef JIANBAO_LOAD_TREE_H
#define JIANBAO_LOAD_TREE_H

#include "limits.h"
#include "source.h"

/* Parses bytes (kept by reference: the caller keeps them alive). Returns the
 * root, or NULL after reporting errors into diags. */
tree_node *load_tree(const char *bytes, size_t len, const input_limits *limits, source_text *src,
                     diag_list *diags);

#endif
