#!/usr/bin/env python3
"""The JSON Schemas in schema/ and the loader must never disagree.

Every good input (input/, tests/typesetting/, tests/tables/, the starter that
`jianbao --new` writes) and every shipped or test template must validate;
the bad inputs and templates listed in REFUSED must be refused by the schema,
and every other bad case (one only the program can judge: references, sums,
characters, layout, limits) must pass it, so that this list stays exact.

YAML is read as an editor's language server reads it, with the YAML 1.2 core
schema: dates and words like `yes` stay strings.
Usage: check_schema.py JIANBAO SOURCE_ROOT
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    CoreLoader.add_implicit_resolver(tag, re.compile(pattern), first)
CoreLoader.add_constructor("tag:yaml.org,2002:int", lambda l, n: int(l.construct_scalar(n), 0))

# Bad inputs the schema refuses, as an editor would flag them while typing.
REFUSED_INPUTS = {
    "sheet_bad_range",       # a range is A3:E15
    "sheet_figure_text",     # a cell value needs from
    "sheet_range_without_from",  # range names part of a spreadsheet
    "sheet_rows_with_from",  # rows come from the spreadsheet
    "sheet_total_word",      # total is sum, sheet or a row
    "approx_invalid",        # approx outside its list
    "block_two_keys",        # a block holds one key
    "chart_empty",           # empty lists
    "chart_sheet_columns",   # columns goes with table
    "chart_no_source",       # one of figures, table, from, categories with series
    "chart_two_sources",     # one of figures, table, from, categories with series
    "chart_type",            # type outside its list
    "chart_values",          # values are numbers
    "block_unknown_kind",    # unknown block key
    "bom_and_crlf_bad",      # unknown key
    "bom_inside_text",       # a byte-order mark in text
    "column_without_header", # a column mapping needs header
    "compare_unknown",       # compare outside its list
    "content_not_list",      # wrong type
    "control_character",     # a control character in text
    "control_in_cell",       # a control character in a cell
    "control_in_heading",    # a control character in a heading
    "copies_negative",       # below 1
    "copies_not_number",     # wrong type
    "copies_unit",           # a unit inside the number
    "date_calendar",         # not a calendar date
    "date_format",           # not YYYY-MM-DD
    "date_with_time",        # not YYYY-MM-DD
    "date_signs",            # not four, two and two digits
    "empty_title",           # empty required text
    "figure_name",           # a name that is not an identifier
    "figure_table_empty",    # no figures
    "figures_list",          # figures is a mapping
    "footer_nested_list",    # footer lines are text
    "footer_not_list",       # footer is a list
    "issue_zero",            # issue from 1
    "key_is_mapping",        # a key that is not a string
    "lang_empty",            # lang outside its list
    "lang_invalid",          # lang outside its list
    "list_item_mapping",     # list items are text
    "list_not_list",         # list is a list
    "long_author",           # one-line text over 4,000 characters
    "long_heading",          # one-line text over 4,000 characters
    "masthead_issue",        # wrong type
    "masthead_without_name", # missing key
    "merge_key",             # unknown key (the anchor's holder)
    "messages_capped",       # unknown keys
    "missing_date",          # missing key
    "missing_sections",      # missing key
    "missing_title",         # missing key
    "negative_value",        # below 0
    "no_body",               # no sections and no lead
    "number_flow_comma",     # value: 1,234 in a flow mapping splits into an unknown key
    "nul_in_figure_names",   # a name that is not an identifier
    "nul_in_key",            # unknown key
    "nul_in_value",          # a control character in text
    "numbered_not_bool",     # wrong type
    "page_break_not_bool",   # wrong type
    "previous_magnitude",    # 万 inside the number
    "previous_negative",     # below 0
    "printed_on_invalid",    # not a date
    "private_use",           # a private-use character in text
    "quoted_number",         # a quoted number grouped wrongly (1,23)
    "section_too_deep",      # levels 1 to 4
    "sections_mapping",      # wrong type
    "stated_share_negative", # below 0
    "stated_share_percent_wrong",  # a share in words
    "stated_share_without_share_of",  # stated_share needs share_of
    "table_align",           # align outside its list
    "table_width_format",    # width as a percentage
    "terminal_escape_key",   # unknown key
    "terminal_escape_value", # lang outside its list
    "top_level_list",        # the file is a mapping
    "unknown_figure_key",    # unknown key
    "unknown_key_no_hint",   # unknown key
    "unknown_section_key",   # unknown key
    "unknown_top_key",       # unknown key
    "value_full_width",      # full-width digits
    "value_magnitude",       # 万 inside the number
    "value_not_number",      # wrong type
    "value_overflow",        # the number is out of range
    "value_percent_and_full_width",  # a percent sign in a value
    "value_plus_and_point",  # a point without digits after it
    "value_unit_inside",     # a unit inside the number
    "year_out_of_range",     # year from 1900 to 9999
    "slip_chinese_key",               # unknown key
    "slip_chinese_quote_colon",       # footer lines are text
    "slip_colon_in_footer",           # footer lines are text
    "slip_colon_in_paragraph",        # a block is text or one known key
    "slip_content_split_off",         # a section needs heading
    "slip_date_chinese",              # not YYYY-MM-DD
    "slip_date_dots",                 # not YYYY-MM-DD
    "slip_fullwidth_brackets_list",   # wrong type
    "slip_fullwidth_letters_key",     # unknown key
    "slip_fullwidth_space_indent",    # unknown key
    "slip_nbsp_indent",               # unknown key
    "slip_numbered_chinese",          # wrong type
}
# Bad templates (tests/bad/templates/) the template schema refuses.
REFUSED_TEMPLATES = {
    "bad_length", "bad_size", "chain_empty", "chart_size", "closing_style", "colors_key",
    "face_index_forms", "face_index_mapping", "face_no_file", "format_field", "face_unknown_key", "footer_place",
    "grid_range", "labels_key", "latin_gap", "line_start_opening", "margin_side",
    "masthead_style", "not_mapping", "numbering_count", "numbering_format",
    "page_number_gap", "page_number_place", "page_size", "pdfa_value", "role_color",
    "red_cmyk", "duplex_value",
    "role_key", "role_pitch", "role_unknown", "rules_length", "share_decimals",
    "source_line_list", "table_style", "unknown_key",
}


def expanded_size(node, seen):
    """Nodes in the document with its aliases expanded (an alias bomb has
    billions: a language server gives up on it, and so does this check)."""
    if id(node) not in seen:
        seen[id(node)] = 1
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
        seen[id(node)] = 1 + sum(expanded_size(c, seen) for c in children)
    return seen[id(node)]


def read_yaml(path):
    """The document, or None when it is not YAML a schema can judge."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        nodes = list(yaml.compose_all(text, Loader=CoreLoader))
        if len(nodes) != 1 or expanded_size(nodes[0], {}) > 1_000_000:
            return None
        docs = list(yaml.load_all(text, Loader=CoreLoader))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    try:  # JSON holds only what a language server sees: no NaN keys, no mapping keys
        return json.loads(json.dumps(docs[0], allow_nan=True, default=str))
    except (TypeError, ValueError):
        return None


def refused(validator, path):
    doc = read_yaml(path)
    if doc is None:
        return "not YAML a schema reads"
    for e in validator.iter_errors(doc):
        return "/".join(map(str, e.path)) + ": " + e.message[:100]
    return None


def undescribed(schema, where="", defs=None):
    """Keys whose description lacks Chinese or English (each key says both)."""
    defs = defs or schema.get("definitions", {})
    missing = []
    for key, sub in schema.get("properties", {}).items():
        target = defs[sub["$ref"].split("/")[-1]] if "$ref" in sub else sub
        text = target.get("description", "")
        if not (re.search(r"[\u4e00-\u9fff]", text) and re.search(r"[A-Za-z]{3}", text)):
            missing.append(f"{where}.{key}")
        missing += undescribed(target, f"{where}.{key}", defs)
    for kind in ("additionalProperties", "items"):
        if isinstance(schema.get(kind), dict):
            missing += undescribed(schema[kind], where + "[]", defs)
    for kind in ("anyOf", "allOf", "oneOf"):
        for sub in schema.get(kind, []):
            missing += undescribed(sub, where, defs)
    return missing


def references_schema(path, kind):
    """The file's first line names its schema for yaml-language-server."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    return m and (path.parent / m.group(1)).resolve() == \
        (path.parent.parent / f"schema/jianbao-{kind}.schema.json").resolve()


def main():
    jianbao, root = sys.argv[1], Path(sys.argv[2])
    checker = jsonschema.FormatChecker()
    schemas = {}
    for kind in ("input", "template"):
        schema = json.loads((root / f"schema/jianbao-{kind}.schema.json").read_text())
        jsonschema.Draft7Validator.check_schema(schema)
        schemas[kind] = jsonschema.Draft7Validator(schema, format_checker=checker)
    failures = []
    for kind, schema in schemas.items():
        for definition in [schema.schema] + list(schema.schema["definitions"].values()):
            failures += [f"{kind} schema: {k} is not described in Chinese and English"
                         for k in undescribed(definition, "", schema.schema["definitions"])]
    for kind, directory in (("input", "input"), ("template", "templates")):
        for path in sorted((root / directory).glob("*.yaml")):
            if not references_schema(path, kind):
                failures.append(f"{path}: the first line does not name ../schema/"
                                f"jianbao-{kind}.schema.json")

    with tempfile.TemporaryDirectory() as tmp:
        starter = Path(tmp) / "starter.yaml"
        subprocess.run([jianbao, "--new", str(starter)], check=True)
        # tests/templates holds test templates and inputs written for them
        test_inputs = [p for p in sorted((root / "tests/templates").glob("*.yaml"))
                       if "sections" in (read_yaml(p) or {})]
        good_inputs = sorted((root / "input").glob("*.yaml")) + \
            sorted((root / "tests/typesetting").glob("*.yaml")) + \
            sorted((root / "tests/tables").glob("*.yaml")) + \
            sorted((root / "tests/charts").glob("*.yaml")) + test_inputs + [starter]
        for path in good_inputs:
            why = refused(schemas["input"], path)
            if why:
                failures.append(f"{path}: a good input is refused: {why}")
    good_templates = sorted((root / "templates").glob("*.yaml")) + \
        [p for p in sorted((root / "tests/templates").glob("*.yaml")) if p not in test_inputs]
    for path in good_templates:
        why = refused(schemas["template"], path)
        if why:
            failures.append(f"{path}: a good template is refused: {why}")
    print(f"{len(good_inputs)} good inputs and {len(good_templates)} templates validate")

    for kind, directory, listed in [("input", root / "tests/bad", REFUSED_INPUTS),
                                    ("template", root / "tests/bad/templates", REFUSED_TEMPLATES)]:
        cases = {p.stem: p for p in directory.glob("*.yaml")}
        for name in sorted(listed - cases.keys()):
            failures.append(f"{name}: listed as refused, but there is no such bad {kind}")
        count = 0
        for name, path in sorted(cases.items()):
            why = refused(schemas[kind], path)
            if name in listed and not why:
                failures.append(f"{path}: the loader refuses it, the {kind} schema accepts it")
            elif name not in listed and why and why != "not YAML a schema reads":
                failures.append(f"{path}: the schema refuses it ({why}); list it in "
                                f"REFUSED_{kind.upper()}S if the schema should")
            count += bool(why)
        print(f"{count} of {len(cases)} bad {kind}s refused by the schema "
              f"({len(listed)} must be)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
