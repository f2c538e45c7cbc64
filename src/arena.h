/* arena: one allocator per document. Everything a document's pipeline builds
 * lives here and is freed at once, so error paths never leak. */
#ifndef JIANBAO_ARENA_H
#define JIANBAO_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t total; /* bytes handed out, for limits and the benchmark */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/* Zeroed memory; aborts the process only when the system is out of memory. */
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable array in the arena: it grows in place while nothing was
 * allocated after it; otherwise the old storage is abandoned. */
/* Resizes the most recent allocation in place when it is still the last
 * thing in its block; otherwise copies it to new memory. */
void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size);

#define ARENA_PUSH(ar, items, count, cap, value)                                                   \
    do {                                                                                           \
        if ((count) == (cap)) {                                                                    \
            size_t new_cap_ = (cap) ? (size_t)(cap)*2 : 2;                                         \
            void *grown_ =                                                                         \
                arena_grow((ar), (cap) ? (void *)(items) : NULL, (size_t)(cap) * sizeof *(items),  \
                           new_cap_ * sizeof *(items));                                            \
            (items) = grown_;                                                                      \
            (cap) = new_cap_;                                                                      \
        }                                                                                          \
        (items)[(count)++] = (value);                                                              \
    } while (0)

#endif
