#include "resolve_internal.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "load.h"

/* ---- finding figures ---------------------------------------------------- */

static int compare_name(const char *name, size_t len, const char *other)
{
    size_t other_len = strlen(other);
    int c = memcmp(name, other, len < other_len ? len : other_len);
    return c ? c : (len > other_len) - (len < other_len);
}

static int by_figure_name(const void *a, const void *b)
{
    const figure_state *x = *(figure_state *const *)a, *y = *(figure_state *const *)b;
    return compare_name(x->f->name, strlen(x->f->name), y->f->name);
}

/* Figures sorted by name, so that a reference is found in log time. */
static void index_figures(resolver *r)
{
    r->by_name = arena_alloc(r->arena, (r->figure_count + 1) * sizeof *r->by_name);
    for (size_t i = 0; i < r->figure_count; i++)
        r->by_name[i] = &r->figures[i];
    qsort(r->by_name, r->figure_count, sizeof *r->by_name, by_figure_name);
}

figure_state *find_figure(resolver *r, const char *name, size_t len)
{
    size_t lo = 0, hi = r->figure_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_name(name, len, r->by_name[mid]->f->name);
        if (!c)
            return r->by_name[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *suggest_figure(resolver *r, const char *name)
{
    if (diag_full(r->diags)) /* the message is only counted: no hint needed */
        return NULL;
    const char **names = arena_alloc(r->arena, (r->figure_count + 1) * sizeof *names);
    for (size_t i = 0; i < r->figure_count; i++)
        names[i] = r->figures[i].f->name;
    return closest_word(name, names, r->figure_count);
}

const char *no_figure_message(resolver *r, const char *name)
{
    const char *hint = suggest_figure(r, name);
    if (hint)
        return arena_printf(r->arena, _("no figure named `%s`; did you mean `%s`?"), name, hint);
    return arena_printf(r->arena, _("no figure named `%s`"), name);
}

/* ---- shares ------------------------------------------------------------- */

/* "a → b → c → a"; a long loop shows its first steps and its close, so that
 * the message (and the work of writing it) stays short. */
static const char *loop_chain(resolver *r, const figure_state *from)
{
    enum { SHOWN = 6 };
    const char *chain = from->f->name;
    const figure_state *s = from;
    for (size_t steps = 0; s && steps <= r->figure_count; steps++) {
        s = find_figure(r, s->f->share_of->value, s->f->share_of->len);
        bool closes = !s || s == from || !s->f->share_of;
        if (s && (steps < SHOWN || closes))
            chain = arena_printf(r->arena, "%s → %s", chain, s->f->name);
        else if (steps == SHOWN)
            chain = arena_printf(r->arena, "%s → …", chain);
        if (closes)
            break;
    }
    return chain;
}

/* Finds s's base; false when its share_of chain is broken (a loop, an
 * unknown or zero base), which is reported once. */
static bool compute_share(resolver *r, figure_state *s)
{
    const figure *f = s->f;
    if (!f->share_of)
        return true;
    if (s->visit == 2)
        return s->has_share;
    const char *path = arena_printf(r->arena, "%s.share_of", f->path);
    if (s->visit == 1) {
        diag_error(r->diags, f->share_of->pos, path,
                   _("share_of makes a loop (%s); a share must end at a whole"), loop_chain(r, s));
        s->visit = 2;
        return false;
    }
    s->visit = 1;
    figure_state *base = find_figure(r, f->share_of->value, f->share_of->len);
    bool ok = false;
    if (!base) {
        diag_error(r->diags, f->share_of->pos, path, "%s",
                   no_figure_message(r, f->share_of->value));
    } else if (compute_share(r, base) && s->visit == 1 && base->f->value_text) {
        if (decimal_is_zero(&base->f->value)) {
            diag_error(r->diags, f->share_of->pos, path,
                       _("`%s` is 0, so no share of it can be computed"), base->f->name);
        } else if (f->value_text) {
            s->base = base->f;
            s->has_share = ok = true;
        }
    }
    s->visit = 2;
    return ok;
}

/* The share in percent, exact and rounded half up at `decimals`. */
static const char *share_at(resolver *r, const figure_state *s, int decimals)
{
    decimal share;
    if (!s->has_share || !decimal_ratio(&s->f->value, &s->base->value, 2, decimals, &share))
        return NULL;
    return arena_printf(r->arena, "%s%%", decimal_format(r->arena, &share, false));
}

const char *share_text(resolver *r, const figure_state *s)
{
    return share_at(r, s, r->options->share_decimals);
}

static void check_stated_share(resolver *r, figure_state *s)
{
    const figure *f = s->f;
    if (!s->has_share)
        return;
    if (decimal_cmp(&f->value, &s->base->value) > 0)
        diag_warning(r->diags, f->value_node ? f->value_node->pos : f->node->pos, f->path,
                     _("%s is more than %s (%s): a share of %s"), f->value_text, s->base->name,
                     s->base->value_text, share_text(r, s));
    if (!f->stated_share)
        return;
    const decimal *stated = &f->stated_share_value;
    const char *computed = share_at(r, s, stated->scale);
    const char *stated_text =
        arena_printf(r->arena, "%s%%", decimal_format(r->arena, stated, false));
    if (computed && strcmp(stated_text, computed) != 0)
        diag_warning(r->diags, f->stated_share->pos,
                     arena_printf(r->arena, "%s.stated_share", f->path),
                     _("stated %s, but %s of %s is %s; the computed share is printed"), stated_text,
                     f->value_text, s->base->value_text, computed);
}

/* ---- growth against an earlier period ------------------------------------ */

static const char *compare_word(const resolver *r, compare_kind k)
{
    if (k == COMPARE_MONTH)
        return r->doc->traditional ? "環比" : "环比";
    return "同比";
}

/* 环比 when `then` is one calendar month before `now`, 同比 when one year. */
static compare_kind compare_of_dates(const date_value *now, const date_value *then)
{
    int months = (now->year * 12 + now->month) - (then->year * 12 + then->month);
    return months == 1 ? COMPARE_MONTH : months == 12 ? COMPARE_YEAR : COMPARE_NONE;
}

static const figure *earlier_figure(const document *earlier, const char *name)
{
    for (size_t i = 0; i < earlier->figure_count; i++)
        if (!strcmp(earlier->figures[i].name, name))
            return &earlier->figures[i];
    return NULL;
}

static const char *unit_of(const figure *f)
{
    return f->unit ? f->unit->value : "";
}

/* Takes the earlier value of s from the compare_with bulletin. */
static void pair_figure(resolver *r, figure_state *s, compare_kind by_dates, bool *dates_reported)
{
    const document *earlier = r->doc->earlier;
    const figure *f = s->f, *e = earlier_figure(earlier, f->name);
    if (!e) {
        diag_warning(r->diags, f->node->pos, f->path,
                     _("%s (compare_with) has no figure `%s`, so its change cannot be computed; "
                       "give it `previous:`"),
                     earlier->file, f->name);
        return;
    }
    if (!e->value_text)
        return;
    if (e->approx) {
        diag_warning(r->diags, f->node->pos, f->path,
                     _("`%s` is an approximate figure in %s (%s), so no exact change can be "
                       "computed; give it `previous:`"),
                     f->name, earlier->file, e->approx->value);
        return;
    }
    if (strcmp(unit_of(f), unit_of(e)) != 0) {
        diag_error(r->diags, f->unit ? f->unit->pos : f->node->pos, f->path,
                   _("the unit is `%s` here but `%s` in %s (compare_with); write both figures "
                     "in one unit"),
                   unit_of(f), unit_of(e), earlier->file);
        return;
    }
    compare_kind k = f->compare ? f->compare : by_dates;
    if (f->compare && by_dates && f->compare != by_dates) {
        diag_error(r->diags, f->compare_node->pos, arena_printf(r->arena, "%s.compare", f->path),
                   _("compare: %s, but %s (compare_with) is dated %d-%02d-%02d, which makes it %s; "
                     "remove `compare`, or compare with another bulletin"),
                   f->compare_node->value, earlier->file, earlier->date.year, earlier->date.month,
                   earlier->date.day, compare_word(r, by_dates));
        return;
    }
    if (!k) {
        if (!*dates_reported)
            diag_error(r->diags, r->doc->compare_with->pos, "compare_with",
                       _("%s is dated %d-%02d-%02d, neither one month nor one year before this "
                         "bulletin (%d-%02d-%02d); give each figure `compare: 同比` or "
                         "`compare: 环比`"),
                       earlier->file, earlier->date.year, earlier->date.month, earlier->date.day,
                       r->doc->date.year, r->doc->date.month, r->doc->date.day);
        *dates_reported = true;
        return;
    }
    s->has_previous = true;
    s->previous = e->value;
    s->previous_text = e->value_text;
    s->compare = k;
}

static void take_previous(resolver *r)
{
    const document *earlier = r->doc->earlier;
    compare_kind by_dates = earlier ? compare_of_dates(&r->doc->date, &earlier->date) : 0;
    bool dates_reported = false;
    for (size_t i = 0; i < r->figure_count; i++) {
        figure_state *s = &r->figures[i];
        if (s->f->previous) {
            s->has_previous = true;
            s->previous = s->f->previous_value;
            s->previous_text = s->f->previous_text;
            s->compare = s->f->compare ? s->f->compare : COMPARE_YEAR;
        } else if (earlier && s->f->value_text) {
            pair_figure(r, s, by_dates, &dates_reported);
        } else if (s->f->compare_node && !earlier) {
            diag_warning(r->diags, s->f->compare_node->pos,
                         arena_printf(r->arena, "%s.compare", s->f->path),
                         _("compare says what `previous` is, but `%s` has no previous; give "
                           "it `previous:`, or remove `compare`"),
                         s->f->name);
        }
    }
    for (size_t i = 0; earlier && i < earlier->figure_count; i++)
        if (!find_figure(r, earlier->figures[i].name, strlen(earlier->figures[i].name)))
            diag_warning(r->diags, r->doc->compare_with->pos, "compare_with",
                         _("%s has a figure `%s` that this bulletin has not"), earlier->file,
                         earlier->figures[i].name);
}

static void no_earlier_value(resolver *r, const figure *f, source_pos pos, const char *path)
{
    if (r->doc->compare_with)
        diag_error(r->diags, pos, path,
                   _("`%s` has no earlier value from compare_with (see the message there); give "
                     "it `previous:`"),
                   f->name);
    else
        diag_error(r->diags, pos, path,
                   _("`%s` has no earlier value: give it `previous:`, or name an earlier "
                     "bulletin with `compare_with:`"),
                   f->name);
}

/* The rate of change in percent at `decimals`; false after an error at pos
 * when none can be computed. */
static bool change_rate(resolver *r, const figure_state *s, int decimals, source_pos pos,
                        const char *path, decimal *out)
{
    const figure *f = s->f;
    if (!s->has_previous) {
        no_earlier_value(r, f, pos, path);
        return false;
    }
    if (f->approx) {
        diag_error(r->diags, pos, path,
                   _("`%s` is an approximate figure (%s), so no exact change can be computed"),
                   f->name, f->approx->value);
        return false;
    }
    if (decimal_is_zero(&s->previous)) {
        diag_error(r->diags, pos, path,
                   _("`%s` was 0 before, so no rate of change can be computed; write "
                     "{%s.diff} for the difference"),
                   f->name, f->name);
        return false;
    }
    decimal diff;
    return decimal_sub(&f->value, &s->previous, &diff) &&
           decimal_ratio(&diff, &s->previous, 2, decimals, out);
}

const char *change_rate_text(resolver *r, const figure_state *s)
{
    decimal rate, diff;
    if (!s->has_previous || decimal_is_zero(&s->previous) || s->f->approx ||
        !decimal_sub(&s->f->value, &s->previous, &diff) ||
        !decimal_ratio(&diff, &s->previous, 2, r->options->share_decimals, &rate))
        return NULL;
    return arena_printf(r->arena, "%s%%", decimal_format(r->arena, &rate, false));
}

/* 同比增长8.6%, 环比下降2.1%, 与上年持平, 同比增长1.2倍: how bulletins word a
 * change. From 100% up, the change is counted in times (倍) of the earlier
 * value, as the national statistical bulletins do. */
static const char *change_words(resolver *r, const figure_state *s, const decimal *rate)
{
    bool tc = r->doc->traditional;
    const char *by = compare_word(r, s->compare);
    if (decimal_is_zero(rate))
        return s->compare == COMPARE_MONTH ? (tc ? "與上月持平" : "与上月持平")
                                           : (tc ? "與上年持平" : "与上年持平");
    decimal magnitude = *rate, hundred = {.len = 3, .digit = {0, 0, 1}};
    magnitude.negative = false;
    const char *verb = rate->negative ? "下降" : (tc ? "增長" : "增长");
    if (!rate->negative && decimal_cmp(rate, &hundred) >= 0) {
        decimal diff, times;
        decimal_sub(&s->f->value, &s->previous, &diff);
        decimal_ratio(&diff, &s->previous, 0, r->options->share_decimals, &times);
        return arena_printf(r->arena, "%s%s%s倍", by, verb,
                            decimal_format(r->arena, &times, false));
    }
    return arena_printf(r->arena, "%s%s%s%%", by, verb,
                        decimal_format(r->arena, &magnitude, false));
}

/* 增加1050元, 减少35户, 持平 */
static const char *diff_words(resolver *r, const figure_state *s)
{
    bool tc = r->doc->traditional;
    decimal diff;
    decimal_sub(&s->f->value, &s->previous, &diff);
    if (decimal_is_zero(&diff))
        return "持平";
    bool grouped = strchr(s->f->value_text, ',') || strchr(s->previous_text, ',');
    const char *verb = diff.negative ? (tc ? "減少" : "减少") : "增加";
    diff.negative = false;
    return arena_printf(r->arena, "%s%s%s", verb, decimal_format(r->arena, &diff, grouped),
                        unit_of(s->f));
}

static void check_stated_change(resolver *r, figure_state *s)
{
    const figure *f = s->f;
    if (!f->stated_change || !f->value_text)
        return;
    const char *path = arena_printf(r->arena, "%s.stated_change", f->path);
    const decimal *stated = &f->stated_change_value;
    decimal rate;
    if (!change_rate(r, s, stated->scale, f->stated_change->pos, path, &rate))
        return;
    if (decimal_cmp(&rate, stated) != 0)
        diag_warning(r->diags, f->stated_change->pos, path,
                     _("stated %s%%, but %s against %s is %s%%; the computed change is printed"),
                     decimal_format(r->arena, stated, false), f->value_text, s->previous_text,
                     decimal_format(r->arena, &rate, false));
}

/* ---- printing figures ---------------------------------------------------- */

static bool unit_starts_with_magnitude(const char *unit)
{
    return !strncmp(unit, "万", strlen("万")) || !strncmp(unit, "亿", strlen("亿")) ||
           !strncmp(unit, "億", strlen("億")) || !strncmp(unit, "萬", strlen("萬"));
}

/* value, qualifier and unit as the reference's rules for 多 余 以上 约 近 place them */
const char *format_figure(resolver *r, const figure *f)
{
    const char *v = f->value_text ? f->value_text : "?";
    const char *unit = unit_of(f);
    if (!f->approx)
        return arena_printf(r->arena, "%s%s", v, unit);
    const char *q = f->approx->value;
    if (!strcmp(q, "约") || !strcmp(q, "約") || !strcmp(q, "近"))
        return arena_printf(r->arena, "%s%s%s", q, v, unit);
    if (!strcmp(q, "以上"))
        return arena_printf(r->arena, "%s%s以上", v, unit);
    size_t vl = strlen(v);
    bool round = !strchr(v, '.') && vl && v[vl - 1] == '0';
    if (round)
        return arena_printf(r->arena, "%s%s%s", v, q, unit);
    if (unit_starts_with_magnitude(unit)) {
        size_t m = strlen("万");
        return arena_printf(r->arena, "%s%.*s%s%s", v, (int)m, unit, q, unit + m);
    }
    return arena_printf(r->arena, "%s%s%s", v, unit, q);
}

static void check_approx(resolver *r, const figure *f)
{
    if (!f->approx || !f->value_text)
        return;
    const char *q = f->approx->value;
    if ((!strcmp(q, "余") || !strcmp(q, "餘")) && strchr(f->value_text, '.'))
        diag_warning(r->diags, f->approx->pos, arena_printf(r->arena, "%s.approx", f->path),
                     _("余 does not follow a decimal (%s); write 多, or round the number"),
                     f->value_text);
}

static bool field_is(const char *field, size_t len, const char *name)
{
    return strlen(name) == len && !memcmp(field, name, len);
}

const char *figure_field(resolver *r, figure_state *s, const char *field, size_t len,
                         source_pos pos, const char *path)
{
    const figure *f = s->f;
    if (!len)
        return format_figure(r, f);
    if (field_is(field, len, "value"))
        return f->value_text ? f->value_text : "?";
    if (field_is(field, len, "label"))
        return f->label ? f->label->value : "";
    if (field_is(field, len, "share")) {
        if (!f->share_of) {
            diag_error(r->diags, pos, path,
                       _("`%s` has no share_of, so {%s.share} has nothing to print"), f->name,
                       f->name);
            return NULL;
        }
        const char *text = share_text(r, s);
        return text ? text : "?";
    }
    bool change = field_is(field, len, "change"), rate = field_is(field, len, "change_rate");
    if ((change || rate) && f->value_text) {
        decimal d;
        if (!change_rate(r, s, r->options->share_decimals, pos, path, &d))
            return NULL;
        return change ? change_words(r, s, &d)
                      : arena_printf(r->arena, "%s%%", decimal_format(r->arena, &d, false));
    }
    bool diff = field_is(field, len, "diff"), previous = field_is(field, len, "previous");
    if ((diff || previous) && !s->has_previous) {
        no_earlier_value(r, f, pos, path);
        return NULL;
    }
    if (previous)
        return arena_printf(r->arena, "%s%s", s->previous_text, unit_of(f));
    if (diff && f->approx) {
        diag_error(r->diags, pos, path,
                   _("`%s` is an approximate figure (%s), so no exact change can be computed"),
                   f->name, f->approx->value);
        return NULL;
    }
    if (diff && f->value_text)
        return diff_words(r, s);
    if (change || rate || diff)
        return "?";
    diag_error(r->diags, pos, path,
               _("`{%s.%.*s}`: a figure reference ends in .value, .label, .share, .change, "
                 ".change_rate, .diff or .previous, or nothing"),
               f->name, (int)len, field);
    return NULL;
}

void resolve_figures(resolver *r)
{
    const document *d = r->doc;
    r->figure_count = d->figure_count;
    r->figures = arena_alloc(r->arena, (d->figure_count + 1) * sizeof *r->figures);
    for (size_t i = 0; i < d->figure_count; i++)
        r->figures[i].f = &d->figures[i];
    index_figures(r);
    for (size_t i = 0; i < r->figure_count; i++)
        compute_share(r, &r->figures[i]);
    for (size_t i = 0; i < r->figure_count; i++)
        check_stated_share(r, &r->figures[i]);
    take_previous(r);
    for (size_t i = 0; i < r->figure_count; i++) {
        check_stated_change(r, &r->figures[i]);
        check_approx(r, r->figures[i].f);
    }
}
