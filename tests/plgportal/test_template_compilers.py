"""No value reaches a template compiler unless it is a constant written in the code.

crispy-forms' `HTML(...)`, Django's `Template(...)` and any engine's `from_string(...)` compile
their argument as template code with the page's context: user text inside them would run
(`{{ request.COOKIES }}`, `{% debug %}`). This walks the source and accepts only string
literals there; data goes into context variables or a `plgportal.layout.Snippet`.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

SOURCE_PACKAGES = ["plgportal", "applications", "jury", "sessions"]
# Callables that compile their first argument, by the module they come from.
COMPILERS = {
    "crispy_forms.layout": {"HTML"},
    "crispy_forms.bootstrap": {"HTML"},
    "django.template": {"Template"},
    "django.template.base": {"Template"},
}
COMPILING_METHODS = {"from_string"}
# crispy also compiles a button's value, a fieldset's legend and a StrictButton's content (by
# argument position). These take our own labels: a constant, a translation of one, or a name
# holding one; text built on the spot (f-string, `+`, `%`, format(), format_html()) is refused.
LABEL_COMPILERS = {
    "crispy_forms.layout": {"Submit": 1, "Button": 1, "Reset": 1, "Fieldset": 0},
    "crispy_forms.bootstrap": {"StrictButton": 0},
}
TRANSLATIONS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def compiler_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to a compiler (`HTML`, `Template`, aliases) and names bound to a module that
    holds one (`template` in `from django import template`)."""
    names, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name in COMPILERS.get(node.module, ()):
                    names.add(alias.asname or alias.name)
                if f"{node.module}.{alias.name}" in COMPILERS:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in COMPILERS:
                    modules.add(alias.asname or alias.name)
    return names, modules


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def is_compiler_call(call: ast.Call, names: set[str], modules: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in names
    if isinstance(func, ast.Attribute):
        if func.attr in COMPILING_METHODS:
            return True
        owner = dotted(func.value)
        return owner in modules and func.attr in set().union(*COMPILERS.values())
    return False


def non_constant_compiler_calls(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source, filename)
    names, modules = compiler_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_compiler_call(node, names, modules):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if not all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in arguments
            ):
                found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def label_compilers(tree: ast.Module) -> dict[str, int]:
    """Local name -> position of the argument crispy compiles."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in LABEL_COMPILERS:
            for alias in node.names:
                if alias.name in LABEL_COMPILERS[node.module]:
                    found[alias.asname or alias.name] = LABEL_COMPILERS[node.module][alias.name]
    return found


def is_own_label(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant | ast.Name | ast.Attribute):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in TRANSLATIONS
        and all(isinstance(arg, ast.Constant) for arg in node.args)
    )


def built_labels(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source, filename)
    compilers = label_compilers(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        position = compilers.get(node.func.id)
        arguments = node.args
        if position is not None and position < len(arguments):
            if is_own_label(arguments[position]):
                continue
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def source_files():
    root = Path(settings.BASE_DIR)
    for package in SOURCE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_template_compilers_only_ever_get_constant_strings():
    offenders = []
    for path in source_files():
        offenders += non_constant_compiler_calls(path.read_text(encoding="utf-8"), str(path))
    assert offenders == []


def test_crispy_labels_and_legends_are_never_built_from_data():
    offenders = []
    for path in source_files():
        offenders += built_labels(path.read_text(encoding="utf-8"), str(path))
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('from crispy_forms.layout import Submit\nSubmit("save", f"Bewaar {title}")', 1),
        ('from crispy_forms.layout import Fieldset\nFieldset(format_html("{}", name), "a")', 1),
        ('from crispy_forms.bootstrap import StrictButton\nStrictButton("Zoek " + name)', 1),
        ('from crispy_forms.layout import Submit\nSubmit("save", _("Bewaren"))', 0),
        ('from crispy_forms.layout import Submit\nSubmit("save", self.submit_label)', 0),
        ('from crispy_forms.layout import Fieldset\nFieldset(_("Herinneringen"), "a")', 0),
    ],
)
def test_the_label_walk_tells_built_text_from_own_labels(source, found):
    assert len(built_labels(source)) == found


@pytest.mark.parametrize(
    "source",
    [
        'from crispy_forms.layout import HTML\nHTML(format_html("<p>{}</p>", user.name))',
        'from crispy_forms.layout import HTML as Raw\nRaw(f"<p>{name}</p>")',
        'from crispy_forms import layout\nlayout.HTML("<p>" + title + "</p>")',
        "from django.template import Template\nTemplate(text)",
        "from django import template\ntemplate.Template(text)",
        "import django.template\ndjango.template.Template(text)",
        'from django.template import engines\nengines["django"].from_string(subject)',
    ],
)
def test_the_walk_finds_data_passed_to_a_compiler(source):
    assert len(non_constant_compiler_calls(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        'from crispy_forms.layout import HTML\nHTML("<hr>")',
        "from django.template import Template\nTemplate('{% extends \"base.html\" %}')",
        "from weasyprint import HTML\nHTML(string=html)",  # WeasyPrint's HTML compiles nothing
    ],
)
def test_the_walk_accepts_constants_and_unrelated_names(source):
    assert non_constant_compiler_calls(source) == []
