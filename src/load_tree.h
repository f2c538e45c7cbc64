/* load_tree: YAML text -> a tree of positioned nodes (first half of `load`).
 * Checks what YAML itself can get wrong: invalid UTF-8, syntax, duplicate
 * keys, non-scalar keys, nesting depth and alias expansion bounds. Aliases
 * share the anchored node; the bound counts every node an alias re-uses. */
#ifndef JIANBAO_LOAD_TREE_H
#define JIANBAO_LOAD_TREE_H

#include "source.h"

typedef struct tree_limits {
    size_t max_depth;
    size_t max_nodes; /* nodes after alias expansion */
} tree_limits;

/* Parses bytes (kept by reference: the caller keeps them alive). Returns the
 * root, or NULL after reporting errors into diags. */
tree_node *load_tree(const char *bytes, size_t len, const tree_limits *limits, source_text *src,
                     diag_list *diags);

#endif
