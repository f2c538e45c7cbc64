#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/* The one temporary file in flight, so that a signal can remove it. */
static char pending_path[4096];
static volatile sig_atomic_t pending;

void output_abandon(void)
{
    if (pending)
        unlink(pending_path);
    pending = 0;
}

void output_on_signal(int sig)
{
    output_abandon();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* format: a translated "cannot ... %s: %s", given the path and the reason */
static int fail(char *error, size_t error_size, const char *format, const char *path)
{
    snprintf(error, error_size, format, path, strerror(errno));
    return -1;
}

static int write_all(int fd, const unsigned char *data, size_t size)
{
    while (size) {
        ssize_t n = write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

/* A pipe, a terminal or a device (-o -, -o /dev/stdout) is written as it is:
 * there is no file to replace. */
static int write_stream(const char *path, const unsigned char *data, size_t size, char *error,
                        size_t error_size)
{
    int fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CLOEXEC) : 1;
    if (fd < 0)
        return fail(error, error_size, _("cannot write %s: %s"), path);
    int status = write_all(fd, data, size);
    if (fd != 1)
        status |= close(fd);
    return status ? fail(error, error_size, _("cannot write %s: %s"), path) : 0;
}

int write_atomically(const char *path, const unsigned char *data, size_t size, char *error,
                     size_t error_size)
{
    struct stat st;
    if (!strcmp(path, "-") ||
        (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
        return write_stream(path, data, size, error, error_size);
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    if (snprintf(pending_path, sizeof pending_path, "%.*s.%s.XXXXXX", dir_len, path,
                 slash ? slash + 1 : path) >= (int)sizeof pending_path) {
        snprintf(error, error_size, _("cannot write %s: the path is too long"), path);
        return -1;
    }
    /* No signal between creating the temporary file and noting it. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, &old);
    int fd = mkstemp(pending_path);
    if (fd >= 0)
        pending = 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0)
        return fail(error, error_size, _("cannot write %s: %s"), path);
    fchmod(fd, 0644);
    if (write_all(fd, data, size) != 0) {
        int saved = errno;
        close(fd);
        output_abandon();
        errno = saved;
        return fail(error, error_size, _("cannot write %s: %s"), path);
    }
    if (close(fd) != 0) {
        output_abandon();
        return fail(error, error_size, _("cannot write %s: %s"), path);
    }
    if (rename(pending_path, path) != 0) {
        int saved = errno;
        output_abandon();
        errno = saved;
        return fail(error, error_size, _("cannot replace %s: %s"), path);
    }
    pending = 0;
    return 0;
}

int make_directories(const char *path, char *error, size_t error_size)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        snprintf(error, error_size, _("cannot create %s: the path is too long"), path);
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == 0) {
            char saved = *p;
            *p = 0;
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return fail(error, error_size, _("cannot create directory %s: %s"), buf);
            *p = saved;
            if (!saved)
                break;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(error, error_size, _("cannot create directory %s: a file of that name exists"),
                 path);
        return -1;
    }
    return 0;
}
