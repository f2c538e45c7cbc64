/* packages_open for the binary: the module is opened once and never closed,
 * so a batch pays for it once; dlopen keeps the handle, so asking again is
 * a lookup of a loaded object. */
#include "packages.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"

const packages *packages_open(char *error, size_t error_size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", module_dir(), PACKAGES_MODULE);
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const packages *p = module ? dlsym(module, PACKAGES_SYMBOL) : NULL;
    if (p && !strcmp(p->version, JIANBAO_VERSION))
        return p;
    char why[512];
    if (!module) {
        const char *reason = dlerror();
        snprintf(why, sizeof why, "%s", reason ? reason : "dlopen");
    } else if (!p)
        snprintf(why, sizeof why, _("it is not jianbao's module"));
    else
        snprintf(why, sizeof why, _("it is from jianbao %s, and this is jianbao %s"), p->version,
                 JIANBAO_VERSION);
    snprintf(error, error_size,
             _("cannot load %s, which reads .xlsx and .ods files and writes OFD: %s; reinstall "
               "jianbao"),
             path, why);
    return NULL;
}
