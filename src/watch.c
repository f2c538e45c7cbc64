#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/* How long the file must stay quiet after a save before it is read: an
 * editor that saves in several steps (write, then rename, then chmod) is
 * read once, after its last step. */
enum { SETTLE_MS = 150 };

static void render_once(const run_context *ctx, const char *input, const char *output)
{
    file_result r = render_file(ctx, input, output, stderr);
    if (r.status == FILE_RENDERED)
        fprintf(stderr, _("jianbao: wrote %s (%d warnings); watching %s\n"), output, r.warnings,
                input);
    else
        fprintf(stderr, _("jianbao: %s not rendered; %s is left as it was; watching\n"), input,
                output);
    fflush(stderr);
}

/* Reads the events waiting on fd. Returns true when one of them is a
 * finished save of `name`: closed after writing, or moved or linked there. */
static bool saved(int fd, const char *name)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool hit = false;
    ssize_t n = read(fd, buf, sizeof buf);
    for (char *p = buf; n > 0 && p < buf + n;) {
        const struct inotify_event *e = (const struct inotify_event *)p;
        if (e->len && !strcmp(e->name, name) && (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)))
            hit = true;
        p += sizeof *e + e->len;
    }
    return hit;
}

static void split_path(const char *input, char *dir, size_t size, const char **name)
{
    const char *slash = strrchr(input, '/');
    if (!slash) {
        snprintf(dir, size, ".");
        *name = input;
        return;
    }
    snprintf(dir, size, "%.*s", slash == input ? 1 : (int)(slash - input), input);
    *name = slash + 1;
}

int watch_file(const run_context *ctx, const char *input, const char *output)
{
    struct stat st;
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, _("jianbao: --watch takes one FILE.yaml, not a directory\n"));
        return 2;
    }
    char dir[PATH_MAX];
    const char *name;
    split_path(input, dir, sizeof dir, &name);
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0 || inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
        fprintf(stderr, _("jianbao: cannot watch %s: %s\n"), dir, strerror(errno));
        return 3;
    }
    render_once(ctx, input, output);
    bool pending = false;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int ready = poll(&p, 1, pending ? SETTLE_MS : -1);
        if (ready < 0 && errno != EINTR)
            break;
        if (ready > 0)
            pending |= saved(fd, name);
        else if (ready == 0 && pending) {
            pending = false;
            render_once(ctx, input, output);
        }
    }
    fprintf(stderr, _("jianbao: cannot watch %s: %s\n"), dir, strerror(errno));
    close(fd);
    return 3;
}
