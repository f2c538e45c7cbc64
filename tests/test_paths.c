/* paths: the data, locale and module directories, from the environment when
 * it names them, else (for a binary in the build tree) the source tree and
 * the build tree. Usage: test_paths WANT_DATA_DIR WANT_LOCALE_DIR WANT_MODULE_DIR */
#include "../src/paths.h"
#include "unit.h"

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    CHECK_STR(data_dir(), argv[1]);
    CHECK_STR(locale_dir(), argv[2]);
    CHECK_STR(module_dir(), argv[3]);
    /* Asked again, the same answer. */
    CHECK(data_dir() == data_dir());
    const char *dirs[4];
    CHECK(system_font_dirs(dirs, 4) == 0); /* none unless the build names some */
    return unit_finish();
}
