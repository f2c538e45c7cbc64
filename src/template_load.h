/* template_load: template files (YAML, in templates/ or at a path) -> the
 * page_template the layout reads. A template may start from another one
 * (`extends:`) and change only what differs. Errors are reported like input
 * errors, with the template's file, line, column and key path. Templates are
 * loaded once per run and shared read-only. */
#ifndef JIANBAO_TEMPLATE_LOAD_H
#define JIANBAO_TEMPLATE_LOAD_H

#include "fonts.h"
#include "template.h"

typedef struct template_set template_set;

template_set *template_set_new(font_library *fonts, const char *templates_dir);
void template_set_free(template_set *set);

/* The template `name` (a file templates_dir/NAME.yaml) or a path (relative to
 * base_dir when given). Its messages are printed to stderr the first time it
 * is loaded. Returns NULL when it cannot be used, with a reason in error. */
const page_template *template_set_get(template_set *set, const char *name_or_path,
                                      const char *base_dir, char *error, size_t error_size);

/* Reads one template from text (as template_set_get does with a file's), for
 * tests and fuzzing; its messages go to diags. */
page_template *template_parse(template_set *set, const char *path, const char *text, size_t len,
                              diag_list *diags);

#endif
