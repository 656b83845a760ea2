"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), entity type (1), district code (6),
organisation code (9), check digit (1). The alphabet has 31 symbols: digits and
upper-case letters without I, O, Z, S, V (they read too much like 1, 0, 2, 5, U).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 (raises KeyError on a symbol outside the alphabet)."""
    total = sum(VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


# Excel keeps 15 significant digits of a number: an all-digit code typed into a number cell comes back with its last
# three digits zeroed (911404031234567890 → 911404031234567000), or as 9.11404E+17 (hunt26)
EXCEL_HINT = ("（如在 Excel 中录入为数字，Excel 只保留15位有效数字：请将该列设为文本后重新录入）",
              " (typed into Excel as a number? Excel keeps 15 significant digits: format the column as text and type it again)")


def _excel_mangled(code: str) -> bool:
    return "E+" in code.upper() or (code.isascii() and code.isdigit() and (len(code) < 18 or code.endswith("000")))


def problem(code: str) -> tuple[str, str] | None:
    """Why `code` is not a valid credit code, as (中文, English), or None when it is."""
    why = _problem(code)
    if why is not None and _excel_mangled(code):
        return why[0] + EXCEL_HINT[0], why[1] + EXCEL_HINT[1]
    return why


def _problem(code: str) -> tuple[str, str] | None:
    if len(code) != 18:
        return (f"统一社会信用代码应为18位，实际{len(code)}位", f"credit code must have 18 characters, has {len(code)}")
    bad = sorted({ch for ch in code if ch not in VALUE})
    if bad:
        chars = "".join(bad)
        return (f"统一社会信用代码含非法字符 {chars}", f"credit code has characters outside GB 32100: {chars}")
    expected = check_digit(code[:17])
    if code[17] != expected:
        return (
            f"统一社会信用代码校验位错误：应为 {expected}，实际 {code[17]}",
            f"credit code check digit is {code[17]}, GB 32100-2015 gives {expected}",
        )
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None
