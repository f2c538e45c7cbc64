/* The slips YAML parses without complaint, found where the loader expects
 * text or a known key (see slips.h). */
#include "slips.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
}

/* ---- slips in a tree that parsed ------------------------------------------ */

/* Text with ": " in it that YAML read as `key: value` (联系电话: 0746-…):
 * said as such, at the colon. */
bool text_read_as_mapping(diag_list *diags, const source_text *src, const tree_node *n,
                          const char *path)
{
    if (n->kind != NODE_MAPPING || n->count != 1 || n->keys[0]->style != SCALAR_PLAIN ||
        n->items[0]->kind != NODE_SCALAR)
        return false;
    const tree_node *key = n->keys[0];
    size_t colon = key->src_end;
    while (colon < src->len && src->bytes[colon] != ':')
        colon++;
    const char *text = arena_printf(diags->arena, "%s: %s", key->value, n->items[0]->value);
    if (!strncmp(key->value, "“", strlen("“")))
        diag_error(diags, source_position(src, colon), path,
                   _("`%s` starts with the Chinese quote “, which YAML does not read as a "
                     "quote, so the \": \" makes it a key and a value; quote the text with "
                     "English quotes \"…\", or type the full-width colon \"：\""),
                   text);
    else
        diag_error(diags, source_position(src, colon), path,
                   _("the text `%s` holds \": \", which YAML reads as a key and a value; put "
                     "the whole text in quotes (\"%s\") or type the full-width colon: %s：%s"),
                   text, text, key->value, n->items[0]->value);
    return true;
}

/* A plain text followed by ` #` and more text: YAML drops the rest of the
 * line. A `#` followed by a space is taken for a comment meant as one. */
void warn_comment_after(diag_list *diags, const source_text *src, const tree_node *n,
                        const char *path)
{
    size_t p = n->src_end;
    if (n->style != SCALAR_PLAIN || p > src->len)
        return;
    while (p < src->len && (src->bytes[p] == ' ' || src->bytes[p] == '\t'))
        p++;
    /* `# 说明` is a comment as YAML writes one; `#重点工作` is text cut short */
    if (p == n->src_end || p + 1 >= src->len || src->bytes[p] != '#' ||
        strchr(" \t\r\n", src->bytes[p + 1]))
        return;
    size_t end = p;
    while (end < src->len && src->bytes[end] != '\n' && src->bytes[end] != '\r')
        end++;
    diag_warning(diags, source_position(src, p), path,
                 _("`%.*s` after the text is read as a comment and not printed; if it belongs "
                   "to the text, put the whole text in quotes (\"…\"), or write the full-width "
                   "＃"),
                 (int)(end - p), src->bytes + p);
}

/* Keys clerks type in Chinese, with the English key for each; where one
 * word may mean two keys (标题: title or heading) the map's keys decide. */
static const struct {
    const char *chinese, *english;
} chinese_keys[] = {
    {"标题", "title"},          {"标题", "heading"},
    {"大标题", "title"},        {"小标题", "heading"},
    {"副标题", "subtitle"},     {"日期", "date"},
    {"来源", "source"},         {"信息来源", "source"},
    {"作者", "author"},         {"报头", "masthead"},
    {"导语", "lead"},           {"数据", "figures"},
    {"章节", "sections"},       {"栏目", "sections"},
    {"内容", "content"},        {"正文", "content"},
    {"段落", "paragraph"},      {"表格", "table"},
    {"列表", "list"},           {"页脚", "footer"},
    {"落款", "footer"},         {"报尾", "distribution"},
    {"报送", "report_to"},      {"抄送", "copy_to"},
    {"发送", "send_to"},        {"印数", "copies"},
    {"份数", "copies"},         {"印发", "printed_by"},
    {"印发日期", "printed_on"}, {"模板", "template"},
    {"语言", "lang"},           {"单位", "unit"},
    {"名称", "label"},          {"名称", "name"},
    {"数值", "value"},          {"表头", "columns"},
    {"列", "columns"},          {"行", "rows"},
    {"合计", "total"},          {"注", "note"},
    {"备注", "note"},           {"期号", "issue"},
    {"年份", "year"},           {"编号", "numbered"},
    {"分页", "page_break"},
};

static bool known_key(const char *key, const char *const *known, size_t count)
{
    if (!known)
        return true;
    for (size_t i = 0; i < count; i++)
        if (!strcmp(key, known[i]))
            return true;
    return false;
}

/* ｔｉｔｌｅ -> title: full-width letters, digits and _ made ASCII. */
static const char *narrowed(arena *a, const char *word)
{
    size_t len = strlen(word), n;
    char *out = arena_alloc(a, len + 1), *o = out;
    bool changed = false;
    for (size_t p = 0; p < len; p += n) {
        uint32_t cp = 0;
        n = utf8_decode(word + p, len - p, &cp);
        if (!n)
            return NULL;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0, changed = true;
        if (cp >= 0x80 || !is_key_char((char)cp))
            return NULL;
        *o++ = (char)cp;
    }
    return changed ? out : NULL;
}

size_t blanks_before_key(const char *key)
{
    size_t at = 0;
    for (;;) {
        if (key[at] == ' ' || key[at] == '\t')
            at++;
        else if (!strncmp(key + at, "\xE3\x80\x80", 3))
            at += 3;
        else if (!strncmp(key + at, "\xC2\xA0", 2))
            at += 2;
        else
            return key[at] ? at : 0;
    }
}

const char *english_key_for(arena *a, const char *word, const char *const *known, size_t count)
{
    for (size_t i = 0; i < sizeof chinese_keys / sizeof *chinese_keys; i++)
        if (!strcmp(word, chinese_keys[i].chinese) &&
            known_key(chinese_keys[i].english, known, count))
            return chinese_keys[i].english;
    const char *ascii = narrowed(a, word);
    return ascii && known_key(ascii, known, count) ? ascii : NULL;
}

/* A date as typed in Word: 2022年8月1日, 2022.8.1, 2022/8/1, 2022-8-1. */
bool date_as_typed(const char *s, int *y, int *m, int *d)
{
    static const char *const forms[] = {"%4d年%d月%d日%n", "%4d.%d.%d%n", "%4d/%d/%d%n",
                                        "%4d-%d-%d%n"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        int end = -1;
        if (sscanf(s, forms[i], y, m, d, &end) == 3 && end > 0 && !s[end] && *m >= 1 && *m <= 12 &&
            *d >= 1 && *d <= 31)
            return true;
    }
    return false;
}

/* Full-width commas in the plain cells of a list: cells typed apart with
 * "，" that YAML read as one. */
size_t wide_commas(const tree_node *list)
{
    size_t count = 0;
    for (size_t i = 0; i < list->count; i++) {
        const tree_node *c = list->items[i];
        for (const char *p = c->kind == NODE_SCALAR && c->style == SCALAR_PLAIN ? c->value : "";
             (p = strstr(p, "，")); p += strlen("，"))
            count++;
    }
    return count;
}
