#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct arena_block {
    arena_block *next;
    size_t used, size;
    max_align_t data[];
};

enum { BLOCK_SIZE = 64 * 1024 };

void arena_init(arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void *arena_alloc(arena *a, size_t size)
{
    size_t aligned = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    arena_block *b = a->head;
    if (!b || b->size - b->used < aligned) {
        size_t cap = aligned > BLOCK_SIZE ? aligned : BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b) {
            fputs(_("jianbao: out of memory\n"), stderr);
            exit(3);
        }
        b->size = cap;
        b->used = 0;
        /* A big allocation gets its own block behind the current one, so the
         * current block's free space is not wasted. */
        if (a->head && aligned > BLOCK_SIZE) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += aligned;
    a->total += aligned;
    memset(p, 0, size);
    return p;
}

static size_t aligned_size(size_t size)
{
    return (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
}

void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size)
{
    arena_block *b = a->head;
    if (old && b) {
        size_t old_aligned = aligned_size(old_size), new_aligned = aligned_size(new_size);
        char *top = (char *)b->data + b->used;
        if ((char *)old + old_aligned == top && b->used - old_aligned + new_aligned <= b->size) {
            b->used = b->used - old_aligned + new_aligned;
            a->total += new_aligned - old_aligned;
            memset((char *)old + old_size, 0, new_size - old_size);
            return old;
        }
    }
    void *fresh = arena_alloc(a, new_size);
    if (old && old_size)
        memcpy(fresh, old, old_size);
    return fresh;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *d = arena_alloc(a, len + 1);
    if (len)
        memcpy(d, s, len);
    d[len] = 0;
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    if (!fmt) /* never so; says as much to the compiler's format checks */
        fmt = "";
    va_list again;
    va_copy(again, ap);
    char probe[1];
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    char *s = arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, again);
    va_end(again);
    return s;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}
