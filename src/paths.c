#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Set by meson: the install layout relative to the binary's directory, and
 * the trees of the build that made this binary. */
#ifndef JIANBAO_DATA_FROM_BIN
#define JIANBAO_DATA_FROM_BIN "../share/jianbao"
#endif
#ifndef JIANBAO_LOCALE_FROM_BIN
#define JIANBAO_LOCALE_FROM_BIN "../share/locale"
#endif
#ifndef JIANBAO_MODULE_FROM_BIN
#define JIANBAO_MODULE_FROM_BIN "../lib/jianbao"
#endif
#ifndef JIANBAO_FONT_DIRS
#define JIANBAO_FONT_DIRS ""
#endif
#ifndef JIANBAO_SOURCE_ROOT
#define JIANBAO_SOURCE_ROOT "."
#endif
#ifndef JIANBAO_BUILD_ROOT
#define JIANBAO_BUILD_ROOT "."
#endif

/* The directory holding the running binary, or "" when /proc is missing. */
static const char *binary_dir(void)
{
    static char dir[PATH_MAX];
    if (!dir[0]) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        dir[n > 0 ? n : 0] = 0;
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = 0;
    }
    return dir;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when the binary runs from the build tree it was made in. */
static int in_build_tree(void)
{
    char build[PATH_MAX];
    if (!realpath(JIANBAO_BUILD_ROOT, build))
        return 0;
    size_t n = strlen(build);
    const char *bin = binary_dir();
    return !strncmp(bin, build, n) && (bin[n] == 0 || bin[n] == '/');
}

/* bin/`from_bin` when it holds `probe`, else the build's `source` for the
 * build tree's binary. */
static void locate(char *path, size_t size, const char *from_bin, const char *source,
                   const char *probe)
{
    char probed[PATH_MAX];
    bool fits = snprintf(path, size, "%s/%s", binary_dir(), from_bin) < (int)size &&
                snprintf(probed, sizeof probed, "%s/%s", path, probe) < (int)sizeof probed;
    if ((!fits || !is_directory(probed)) && in_build_tree())
        snprintf(path, size, "%s", source);
}

/* The environment's `env`, else as located; resolved to an absolute path
 * without `..` when it exists, so that messages name it plainly. */
static const char *find_dir(char *path, size_t size, const char *env, const char *from_bin,
                            const char *source, const char *probe)
{
    if (path[0])
        return path;
    const char *set = getenv(env);
    if (set && set[0])
        snprintf(path, size, "%s", set);
    else
        locate(path, size, from_bin, source, probe);
    char resolved[PATH_MAX];
    if (realpath(path, resolved) && strlen(resolved) < size)
        memcpy(path, resolved, strlen(resolved) + 1);
    return path;
}

const char *data_dir(void)
{
    static char path[PATH_MAX];
    return find_dir(path, sizeof path, "JIANBAO_DATA_DIR", JIANBAO_DATA_FROM_BIN,
                    JIANBAO_SOURCE_ROOT, "templates");
}

const char *locale_dir(void)
{
    static char path[PATH_MAX];
    return find_dir(path, sizeof path, "JIANBAO_LOCALE_DIR", JIANBAO_LOCALE_FROM_BIN,
                    JIANBAO_BUILD_ROOT "/po", ".");
}

const char *module_dir(void)
{
    static char path[PATH_MAX];
    return find_dir(path, sizeof path, "JIANBAO_MODULE_DIR", JIANBAO_MODULE_FROM_BIN,
                    JIANBAO_BUILD_ROOT, ".");
}

size_t system_font_dirs(const char **dirs, size_t max)
{
    static char list[] = JIANBAO_FONT_DIRS; /* split in place, once */
    static const char *split[16];
    static size_t count;
    if (!count)
        for (char *dir = strtok(list, ":"); dir && count < 16; dir = strtok(NULL, ":"))
            split[count++] = dir;
    size_t n = count < max ? count : max;
    memcpy(dirs, split, n * sizeof *dirs);
    return n;
}
