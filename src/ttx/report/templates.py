"""Where report templates come from, and how each render is bounded.

Templates are looked up by file name, first in the user's folders (`--templates
DIR`, then the workspace's `templates/`), then in the built-in `templates/`, so a
user overrides a built-in by giving a file the same name. A user folder's copy
of a built-in template as some ttx version shipped it (`ttx init` copies them;
see `ttx.report.shipped`) is no override: the current built-in renders instead.

Each render decides afresh (never once per process) whether a user's template
takes part:

- None does: rendered here, from the built-in folder alone, in a plain Jinja2
  environment (trusted code; compiled once per process).
- One does: everything renders in Jinja2's immutable sandbox, in a child process
  (`ttx.report.sandbox`) with a time limit, a memory limit and a cap on its
  output, so a template that loops, allocates or writes without end stops with
  a clear message instead of hanging or exhausting the machine.

Autoescape is on for `*.html.j2` and `*.svg.j2`. Any template failure becomes a
ReportError naming the template's file and line.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ttx import i18n
from ttx.report import filters
from ttx.report.model import ReportError
from ttx.report.markdown import to_html, to_markdown
from ttx.report.shipped import SHIPPED

# The bounds of a user template's render. A 10,000-event session's report renders in
# about a second with the built-in templates; these leave a wide margin.
TIME_LIMIT = 30.0            # seconds (wall clock, and as much CPU time)
MEMORY_LIMIT = 1 << 30       # bytes of address space of the child process
OUTPUT_LIMIT = 64 << 20      # bytes of rendered output


def builtin_templates() -> Path:
    from ttx.workspace import builtin_root

    return builtin_root() / "templates"


def template_dirs(user: Path | None = None, workspace: Path | None = None) -> list[Path]:
    """Where templates are looked up, first match by file name wins."""
    dirs: list[Path] = []
    for d in (user, workspace, builtin_templates()):
        if d is not None and d.is_dir() and d.resolve() not in [x.resolve() for x in dirs]:
            dirs.append(d)
    return dirs


def shipped_copy(path: Path) -> bool:
    """Whether `path` holds a built-in template exactly as a ttx version shipped it."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() in SHIPPED.get(path.name, ())
    except OSError:
        return False  # unreadable: not known to be a built-in, so it counts as a user's


def resolve(name: str, dirs: Sequence[Path | str]) -> Path | None:
    """The file template `name` renders from: a user's, else the built-in one."""
    builtin = builtin_templates().resolve()
    for d in map(Path, dirs):
        path = d / name
        if d.resolve() != builtin and path.is_file() and not shipped_copy(path):
            return path
    path = builtin / name
    return path if path.is_file() else None


def user_templates(dirs: Sequence[Path | str]) -> list[Path]:
    """The user's templates in `dirs`: every `*.j2` there but unedited copies of built-ins."""
    builtin = builtin_templates().resolve()
    return [path for d in map(Path, dirs) if d.resolve() != builtin
            for path in sorted(d.glob("*.j2")) if not shipped_copy(path)]


def render(name: str, ctx: dict[str, Any], dirs: Sequence[Path]) -> str:
    """Template `name` over `dirs` with `ctx`: in this process if only built-in
    templates take part, else sandboxed and bounded in a child process."""
    if not user_templates(dirs):
        return render_here(name, ctx, [builtin_templates()], sandboxed=False)
    return _render_bounded(name, ctx, [str(d) for d in dirs])


class _Loader(jinja2.BaseLoader):
    """Each name from `resolve`: a user's template, else the built-in one."""

    def __init__(self, dirs: Sequence[str]) -> None:
        self.dirs = list(dirs)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        path = resolve(template, self.dirs) if "/" not in template and "\\" not in template else None
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return path.read_text(encoding="utf-8"), str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


def render_here(name: str, ctx: dict[str, Any], dirs: Sequence[Path | str], *, sandboxed: bool) -> str:
    """Template `name` rendered in this process, its words in `ctx["lang"]` (default English);
    any failure as a ReportError."""
    env = _environment(tuple(str(d) for d in dirs), sandboxed, str(ctx.get("lang") or "en"))
    try:
        return env.get_template(name).render(ctx)
    except jinja2.TemplateNotFound as exc:
        raise ReportError(f"template {exc.name} not found in {', '.join(map(str, dirs))}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise ReportError(f"{where}: template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise ReportError(f"{_where(exc, name)}: template refused by the sandbox: {exc}") from None
    except jinja2.UndefinedError as exc:
        raise ReportError(f"{_where(exc, name)}: template error: {exc}") from None
    except MemoryError:
        raise ReportError(f"{name}: the template ran out of memory (limit {MEMORY_LIMIT >> 20} MB); stopped") from None
    except Exception as exc:  # anything a user template can provoke (1/0, bad filter args, ...)
        raise ReportError(f"{_where(exc, name)}: template error: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, name: str) -> str:
    """file:line of the template frame an error came from (Jinja rewrites
    tracebacks to point into templates)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return name


@lru_cache(maxsize=16)
def _environment(dirs: tuple[str, ...], sandboxed: bool, lang: str = "en") -> jinja2.Environment:
    # Cached by folders, trust AND language: the trust is decided per render by the caller.
    cls = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=_Loader(dirs),
        extensions=["jinja2.ext.i18n"],  # {{ _("…") }} and {% trans %}: the catalogue of `lang`
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "html.j2", "svg.j2"], default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        clock=filters.fmt_clock,
        dur=filters.fmt_dur,
        delay=filters.fmt_delay,
        dt=filters.fmt_dt,
        md=to_html,
        markdown=to_markdown,
        mdtext=filters.md_text,
        mdcell=filters.md_cell,
        status=filters.fmt_status,
        join_ids=filters.join_ids,
        css_string=filters.css_string,
        typed=filters.typed,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def _render_bounded(name: str, ctx: dict[str, Any], dirs: list[str]) -> str:
    """`render_here(..., sandboxed=True)` in a child process within the limits above."""
    job = pickle.dumps((name, ctx, dirs, MEMORY_LIMIT, TIME_LIMIT, OUTPUT_LIMIT))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ttx.report.sandbox"],
            input=job, capture_output=True, timeout=TIME_LIMIT, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReportError(f"{name}: the template did not finish within {TIME_LIMIT:g} s; stopped") from None
    except OSError as exc:
        raise ReportError(f"{name}: cannot start the template's render ({exc.strerror or exc})") from None
    if done.returncode == 0:
        return done.stdout.decode("utf-8")
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode == 2 and message:
        raise ReportError(message)
    if done.returncode < 0:  # killed: SIGXCPU at the CPU limit, SIGKILL under memory pressure
        raise ReportError(f"{name}: the template was stopped at its limits "
                          f"({TIME_LIMIT:g} s of CPU, {MEMORY_LIMIT >> 20} MB of memory)")
    last = message.splitlines()[-1] if message else f"exit {done.returncode}"
    raise ReportError(f"{name}: the template's render failed ({last})")
