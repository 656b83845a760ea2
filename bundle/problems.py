"""Validation problems, always with their place and in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bundle: `file:row:column: 中文 / English`.

    `row` is the spreadsheet row (header = 1); 0 means the file as a whole.
    """

    file: str
    row: int
    column: str
    message_zh: str
    message_en: str
    # a fault at its row that stops the whole file being read (bytes no encoding reads): sorted with the whole-file
    # problems, so a capped list never cuts it behind other files' rows (review26), though filed at its row (foreign44 F6)
    whole: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message_zh} / {self.message_en}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


class BundleInvalid(Exception):
    """The bundle has problems; nothing was stored or solved. Carries every problem found."""

    def __init__(self, problems: list[Problem], ordered: bool = False):
        # `ordered`: already in sort_key order, and kept as given (api/uploads.py's capped list ends with its "N more
        # problems not listed" line, a row-0 problem that sort_key would put first: review26)
        self.problems = list(problems) if ordered else sorted(problems, key=sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in bundle:\n" + "\n".join(map(str, self.problems)))


def first_problems(problems: list[Problem], n: int = 5, rows: bool = True) -> tuple[str, str]:
    """The first `n` problems on one line each way (中文, English), for a message that cannot list them all: a refused
    revision, a plan whose stored bundle a later rule refuses."""
    def place(p: Problem) -> str:
        return f"{p.file}:{p.row}:{p.column}" if rows else f"{p.file}:{p.column}"

    return ("；".join(f"{place(p)}: {p.message_zh}" for p in problems[:n]),
            "; ".join(f"{place(p)}: {p.message_en}" for p in problems[:n]))


def sort_key(p: Problem) -> tuple[bool, str, int, str, str]:
    """Whole-file and header problems first, every file's (row 0 and 1), then each file's rows in order: a missing or
    renamed column explains hundreds of row problems after it, and a list cut at its first 500 lines must still show it
    (hunt26: "required column enterprise_id is missing" was not among the 500 of a 2,124-problem upload)."""
    return (p.row > 1 and not p.whole, p.file, p.row, p.column, p.message_en)


MAX_MESSAGE = 300  # characters: a message quotes the bad cell, and a cell may hold 100,000 characters


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class Collector:
    """Gathers problems so that every one is reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._cells: set[tuple[str, int, str]] = set()  # where a problem was told: `has` is a lookup, not a scan (review28)
        # tables (enterprises, calendar) that a file or sheet refused as not the bundle's was taken for: what follows from
        # the table's absence ("no calendar for 2027: add calendar.csv") is not said beside it (walk45 G9)
        self.meant: set[str] = set()

    def add(self, file: str, row: int, column: str, zh: str, en: str, whole: bool = False) -> None:
        self.problems.append(Problem(file, int(row), column, _short(zh), _short(en), whole))
        self._cells.add((file, int(row), column))

    def told(self, file: str, row: int, column: str) -> None:
        """A cell whose problem is told in another row's summary (walk45 G8): `has` says so, as if told of itself."""
        self._cells.add((file, int(row), column))

    def has(self, file: str, row: int, column: str) -> bool:
        """A problem is already told of this cell (a cross-check then says nothing more of it: a date that did not
        parse is not also "missing", walk28)."""
        return (file, int(row), column) in self._cells

    def raise_if_any(self) -> None:
        if self.problems:
            raise BundleInvalid(self.problems)
