/* watch: `jianbao --watch FILE.yaml` renders the file, then again each time
 * it is saved, until interrupted, printing each render's messages as they
 * come. A PDF viewer that reloads on change then shows a live preview. */
#ifndef JIANBAO_WATCH_H
#define JIANBAO_WATCH_H

#include "pipeline.h"

/* Watches input's directory with inotify, so that editors that save by
 * writing a new file and renaming it over the old one are followed too.
 * Only a complete save (closed after writing, or renamed into place)
 * triggers a render; the PDF is replaced only by a render that succeeds.
 * Returns an exit status when the watch cannot start; otherwise runs until
 * a signal ends the process. */
int watch_file(const run_context *ctx, const char *input, const char *output);

#endif
