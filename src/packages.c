/* The module's one export: its readers and writer (packages.h). */
#include "packages.h"

extern const packages jianbao_packages;
const packages jianbao_packages = {JIANBAO_VERSION, sheet_read_xlsx, sheet_read_ods, render_ofd};
