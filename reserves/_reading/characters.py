"""The characters no cell may hold, and how to name one that does not show."""

import re
import unicodedata

# Controls other than tab, line break and carriage return, C1 controls (cp1252 text decoded twice), invisible or
# bidirectional formatting characters, which change text without showing, and what shows as nothing either:
# fillers, variation selectors, tag characters (text hidden inside text), noncharacters. Zero-width joiners, which
# some scripts need, are allowed.
FORBIDDEN = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
             (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F),
             (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF),
             (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]
INVISIBLE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in FORBIDDEN) + "]")


def code(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE': what an editor can search for, as the character itself does not show."""
    unnamed = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "NONCHARACTER"
    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}"
