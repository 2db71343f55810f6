"""Which encoding a text file is in, told with confidence or not at all.

Sure by construction: a byte-order mark (UTF-8, UTF-16, UTF-32, either byte
order); UTF-32 and UTF-16 without one, by where their zero bytes fall (every
CSV has ASCII commas and line ends, whose high bytes are zero); UTF-8, which
random bytes almost never are. What is left is most often GB18030/GBK (what
Chinese Excel saves as "CSV"), but GB18030 decodes almost any bytes, so a
file in Big5 or Shift-JIS would be read as GB18030 without an error — as
garbage, stored as names. So the text is read three ways, and GB18030 is
taken only when its reading is mostly the common characters of GB2312
(simplified hanzi and full-width punctuation) and no Big5 or Shift-JIS
reading is as plausible by the same measure in its own script. Otherwise the
file is refused with a message naming `--encoding`, which reads it as the
user says.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from functools import cache

MARKS = (  # longest first: a UTF-32 LE mark begins like a UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BOMS = tuple(bom for bom, _ in MARKS)
SAMPLE = 1 << 16
NON_ASCII = re.compile(r"[^\x00-\x7f]")
GB_SHARE = 0.8  # of the non-ASCII characters, at least this share common GB2312 ones


class EncodingUnknown(ValueError):
    """The file's encoding cannot be told with confidence; the message says what to do."""


def _pairs(leads: range, trails: range) -> bytes:
    return b"".join(bytes((lead, trail)) for lead in leads for trail in trails)


@cache
def _common(encoding: str) -> frozenset[str]:
    """The common characters of an encoding's own script: what a real file in it is mostly made of."""
    if encoding == "gb18030":  # GB2312: full-width punctuation and forms (rows A1-A3), hanzi levels 1 and 2
        data = _pairs(range(0xA1, 0xA4), range(0xA1, 0xFF)) + _pairs(range(0xB0, 0xF8), range(0xA1, 0xFF))
        chars = data.decode("gb18030", "ignore")
    elif encoding == "big5":  # punctuation (A1-A3) and the frequently used hanzi (A440-C67E)
        data = _pairs(range(0xA1, 0xA4), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
        data += _pairs(range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
        chars = "".join(bytes((a, b)).decode("big5", "ignore") for a, b in zip(data[::2], data[1::2]))
    else:  # shift_jis: kana, punctuation and level-1 kanji (889F-9872)
        chars = "".join(chr(c) for c in range(0x3040, 0x3100)) + "".join(chr(c) for c in range(0xFF61, 0xFFA0))
        data = _pairs(range(0x81, 0x82), range(0x40, 0xFD)) + _pairs(range(0x88, 0x99), range(0x40, 0xFD))
        chars += "".join(bytes((a, b)).decode("cp932", "ignore") for a, b in zip(data[::2], data[1::2]))
    return frozenset(chars) - frozenset(chr(c) for c in range(0x80))


def _share(text: str, encoding: str) -> tuple[float, int]:
    """(share of the non-ASCII characters that are common in the encoding's script, how many there are)."""
    counts = Counter(NON_ASCII.findall(text))
    total = sum(counts.values())
    if not total:
        return 1.0, 0
    common = _common(encoding)
    return sum(n for ch, n in counts.items() if ch in common) / total, total


def _zeros_say(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, told by the zero bytes of its ASCII (and, for UTF-32, BMP) characters."""
    sample = data[:SAMPLE]
    if b"\x00" not in sample or len(sample) < 4:
        return None
    if len(data) % 4 == 0:
        quarter = len(sample) // 4
        zeros = [sample[i::4].count(0) for i in range(4)]
        if zeros[2] >= 0.95 * quarter and zeros[3] >= 0.95 * quarter and zeros[0] < 0.5 * quarter:
            return "utf-32-le"
        if zeros[0] >= 0.95 * quarter and zeros[1] >= 0.95 * quarter and zeros[3] < 0.5 * quarter:
            return "utf-32-be"
    if len(data) % 2 == 0:
        half = len(sample) // 2
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 0.2 * half and even <= 0.02 * half:
            return "utf-16-le"
        if even >= 0.2 * half and odd <= 0.02 * half:
            return "utf-16-be"
    return None


ADVICE = ("save it as CSV UTF-8, or name its encoding with --encoding (e.g. --encoding gb18030, big5, shift_jis, "
          "utf-16)")


def detect(data: bytes) -> tuple[str, str]:
    """The text of a file and its encoding; EncodingUnknown when the encoding cannot be told with confidence."""
    for bom, encoding in MARKS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise EncodingUnknown(f"starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} "
                                      f"(byte {error.start + len(bom)}); {ADVICE}") from None
    told = _zeros_say(data)
    if told is not None:
        try:
            return data.decode(told), told
        except UnicodeDecodeError:
            pass  # zeros that were not UTF-16/32 after all: a binary file, refused below
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise EncodingUnknown(f"not UTF-8, UTF-16, UTF-32 or GB18030/GBK text (byte {error.start}); {ADVICE}") from None
    share, total = _share(text, "gb18030")
    rivals = []
    for encoding in ("big5", "shift_jis"):
        try:
            other = data.decode("cp932" if encoding == "shift_jis" else encoding)
        except UnicodeDecodeError:
            continue
        rival, _ = _share(other, encoding)
        if rival >= share:
            rivals.append(encoding)
    if share < GB_SHARE or rivals:
        why = (f"as GB18030 only {share:.0%} of its {total:,} Chinese characters are common ones"
               if share < GB_SHARE else f"it reads as plausibly in {' or '.join(r.upper() for r in rivals)}")
        raise EncodingUnknown(f"not UTF-8, and not confidently GB18030/GBK: {why}; {ADVICE}")
    return text, "gb18030"


def decode_as(data: bytes, encoding: str) -> str:
    """The text of a file in the encoding a user named (a leading BOM of that encoding dropped)."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise EncodingUnknown(f"unknown encoding {encoding!r} (given with --encoding)") from None
    name = codec.name
    if name in ("utf-8", "utf_8"):
        name = "utf-8-sig"
    elif name in ("utf-16", "utf-32"):
        pass  # these read the BOM themselves
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise EncodingUnknown(f"not {encoding} text (byte {error.start}), although --encoding {encoding} was given") \
            from None
    return text.removeprefix("\ufeff")
