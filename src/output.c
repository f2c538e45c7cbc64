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

/* What replacing an existing regular file needs: refused when it is
 * read-only, or holds something other than what is written now (a PDF, or
 * an OFD package, a zip) and force is not given. On success *mode is the
 * mode the new file gets. */
static int check_replace(const char *path, const struct stat *st, const unsigned char *data,
                         size_t size, bool force, mode_t *mode, char *error, size_t error_size)
{
    if ((st->st_mode & 0222) == 0 || access(path, W_OK) != 0) {
        snprintf(error, error_size,
                 _("cannot write %s: it is read-only; make it writable or choose another output"),
                 path);
        return -1;
    }
    bool zip = size >= 4 && !memcmp(data, "PK\3\4", 4);
    const char *magic = zip ? "PK\3\4" : "%PDF-";
    size_t magic_len = strlen(magic);
    char head[5] = {0};
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, head, magic_len) : -1;
    if (fd >= 0)
        close(fd);
    if (!force && st->st_size > 0 && (n != (ssize_t)magic_len || memcmp(head, magic, magic_len))) {
        snprintf(error, error_size,
                 zip ? _("cannot write %s: it exists and is not an OFD package; choose another "
                         "output, or pass --force to replace it")
                     : _("cannot write %s: it exists and is not a PDF; choose another output, or "
                         "pass --force to replace it"),
                 path);
        return -1;
    }
    *mode = st->st_mode & 07777;
    return 0;
}

/* The file a path names: a symbolic link is written through, to the file it
 * points to, so that the link stays. */
static int resolve_target(const char *path, char *target, size_t target_size, char *error,
                          size_t error_size)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) {
        if (snprintf(target, target_size, "%s", path) < (int)target_size)
            return 0;
        snprintf(error, error_size, _("cannot write %s: the path is too long"), path);
        return -1;
    }
    char *real = realpath(path, NULL);
    if (!real) {
        snprintf(error, error_size,
                 _("cannot write %s: it is a symbolic link to nothing (%s); remove it or point it "
                   "at a file"),
                 path, strerror(errno));
        return -1;
    }
    int too_long = snprintf(target, target_size, "%s", real) >= (int)target_size;
    free(real);
    if (too_long)
        snprintf(error, error_size, _("cannot write %s: the path is too long"), path);
    return too_long ? -1 : 0;
}

static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Creates the temporary file beside target and notes it for the signal
 * handlers. Its name is short, so that any target name that fits fits. */
static int create_pending(const char *target)
{
    const char *slash = strrchr(target, '/');
    int dir_len = slash ? (int)(slash - target + 1) : 0;
    if (snprintf(pending_path, sizeof pending_path, "%.*s.jianbao-XXXXXX", dir_len, target) >=
        (int)sizeof pending_path) {
        errno = ENAMETOOLONG;
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
    return fd;
}

int write_atomically(const char *path, const unsigned char *data, size_t size, bool force,
                     char *error, size_t error_size)
{
    char target[4096];
    struct stat st;
    if (!strcmp(path, "-"))
        return write_stream(path, data, size, error, error_size);
    if (resolve_target(path, target, sizeof target, error, error_size) != 0)
        return -1;
    mode_t mode = new_file_mode();
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(error, error_size, _("cannot write %s: it is a directory"), path);
            return -1;
        }
        if (!S_ISREG(st.st_mode))
            return write_stream(target, data, size, error, error_size);
        if (check_replace(path, &st, data, size, force, &mode, error, error_size) != 0)
            return -1;
    }
    int fd = create_pending(target);
    if (fd < 0)
        return fail(error, error_size, _("cannot write %s: %s"), path);
    if (fchmod(fd, mode) != 0 || write_all(fd, data, size) != 0) {
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
    if (rename(pending_path, target) != 0) {
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
