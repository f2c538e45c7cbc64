/* pdf_paths: the vector part of the PDF renderer: a page's rules and
 * shapes (bars, lines, wedges) as path operators through libharu. */
#ifndef JIANBAO_PDF_PATHS_H
#define JIANBAO_PDF_PATHS_H

#include <hpdf.h>

#include "boxes.h"

void draw_rules(HPDF_Page page, const page_box *pg);
/* In their order, each filled, then stroked, as it says. */
void draw_shapes(HPDF_Page page, const page_box *pg);

#endif
