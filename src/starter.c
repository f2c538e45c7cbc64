#include "starter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"

/* The bulletin after the schema line; %1$d is the year, %2$s today's date. */
static const char starter_body[] =
    "# 简报的源文件：改写下面各项后运行 jianbao 本文件.yaml 即得 PDF。\n"
    "# 格式说明见 man 5 jianbao-input；# 之后是注释，不会印出。\n"
    "template: bulletin          # 版式：bulletin（简报）、gbt9704（公文）或 article（文章）\n"
    "lang: zh-Hans               # 简体 zh-Hans，繁体 zh-Hant\n"
    "\n"
    "masthead:                   # 报头\n"
    "  name: 工作简报            # 简报名称，红色大字\n"
    "  year: %1$d                # 年份\n"
    "  issue: 1                  # 期号：印作“%1$d年第1期”\n"
    "  issuer: 县某某办公室      # 编发单位\n"
    "  classification: 内部资料  # 密级或发放范围，可删去\n"
    "\n"
    "title: 某某工作取得新进展   # 标题（必填）\n"
    "subtitle: 副标题可删去      # 副标题\n"
    "date: %2$s             # 日期（必填），写作 年-月-日\n"
    "source: 县某某办公室        # 文章来源，印在标题下\n"
    "author: 张三                # 作者，可删去\n"
    "\n"
    "figures:                    # 文中引用的数字：正文写 {名称} 即印出数字和单位\n"
    "  villages: {label: 覆盖行政村, value: 120, unit: 个}\n"
    "  people:   {label: 参与群众, value: 3500, unit: 人次, approx: 余}  # "
    "approx：多、余、以上、约、近\n"
    "  members:  {label: 党员, value: 800, unit: 人次, share_of: people}  # "
    "share_of：占另一个数的比例\n"
    "\n"
    "lead: >-                    # 导语，印在第一节之前\n"
    "  今年以来，全县围绕某某工作，覆盖{villages}行政村，参与群众{people}，\n"
    "  其中党员{members}，占{members.share}。\n"
    "\n"
    "sections:                   # 正文各节（必填）；标题自动编号 一、（一）1.（1）\n"
    "  - heading: 主要做法       # 一级标题\n"
    "    content:                # 本节内容：段落、表格、列表\n"
    "      - 每一项是一段正文。强调的文字写在两对星号之间，如**重点内容**。\n"
    "      - list:               # 编号列表：1. 2. 3.\n"
    "          - 第一项措施。\n"
    "          - 第二项措施。\n"
    "    sections:               # 下一级小节\n"
    "      - heading: 加强组织领导\n"
    "        content:\n"
    "          - 小节正文。\n"
    "  - heading: 工作成效\n"
    "    content:\n"
    "      - table:              # 表格\n"
    "          title: 各乡镇开展情况  # 表题，自动编号“表1”\n"
    "          unit: 次          # 单位，印在表格右上方\n"
    "          columns: [乡镇, 活动次数]  # 表头，每列一项\n"
    "          rows:             # 每行的单元格数与列数相同\n"
    "            - [甲镇, 12]\n"
    "            - [乙乡, 8]\n"
    "          total: [合计, sum]  # 合计行：sum 为该列之和\n"
    "          note: 数据来源：县某某办公室。  # 表注\n"
    "      - figure_table:       # 由上面 figures 中的数字生成的统计表\n"
    "          title: 参与情况\n"
    "          figures: [people, members]\n"
    "\n"
    "footer:                     # 每页页脚，可删去\n"
    "  - 县某某办公室编印\n"
    "\n"
    "distribution:               # 报尾\n"
    "  report_to: [县委办公室, 县政府办公室]  # 报\n"
    "  copy_to: [县委各部门]     # 送\n"
    "  send_to: [各乡镇]         # 发\n"
    "  printed_by: 县某某办公室  # 印发单位\n"
    "  printed_on: %2$s     # 印发日期\n"
    "  copies: 50                # 共印份数\n";

static int write_body(FILE *f, const char *schema)
{
    time_t now = time(NULL);
    struct tm today;
    localtime_r(&now, &today);
    char date[16];
    strftime(date, sizeof date, "%Y-%m-%d", &today);
    if (schema)
        fprintf(f, "# yaml-language-server: $schema=%s\n", schema);
    fprintf(f, starter_body, today.tm_year + 1900, date);
    return ferror(f) ? -1 : 0;
}

/* The system's reason a file could not be written. Not inlined: GCC's
 * sanitizer builds otherwise take the translated format for a null one. */
static __attribute__((noinline)) void cannot_write(char *error, size_t error_size, const char *path)
{
    snprintf(error, error_size, _("cannot write %s: %s"), path, strerror(errno));
}

/* Writes the bytes beside the target, then links them to its name: link()
 * never replaces a file, so an existing bulletin is safe even from a race. */
static int publish(const char *temporary, const char *path, char *error, size_t error_size)
{
    if (link(temporary, path) == 0)
        return 0;
    if (errno == EEXIST)
        snprintf(error, error_size, _("%s already exists; give the new bulletin another name"),
                 path);
    else
        cannot_write(error, error_size, path);
    return -1;
}

int write_starter(const char *path, const char *schema, char *error, size_t error_size)
{
    size_t n = strlen(path) + 16;
    char *temporary = malloc(n);
    snprintf(temporary, n, "%s.new-XXXXXX", path);
    int fd = mkstemp(temporary);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    int status = -1;
    if (!f) {
        cannot_write(error, error_size, path);
        if (fd >= 0)
            close(fd);
    } else {
        int written = write_body(f, schema); /* closed either way */
        if (fclose(f) != 0 || written != 0)
            snprintf(error, error_size, _("cannot write %s: %s"), path, strerror(errno));
        else
            status = publish(temporary, path, error, error_size);
    }
    if (fd >= 0)
        unlink(temporary);
    free(temporary);
    return status;
}

int new_bulletin(const char *path)
{
    char schema[4200], error[600];
    snprintf(schema, sizeof schema, "%s/schema/jianbao-input.schema.json", data_dir());
    if (write_starter(path, schema, error, sizeof error) != 0) {
        fprintf(stderr, "jianbao: %s\n", error);
        return 3;
    }
    return 0;
}
