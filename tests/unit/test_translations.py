"""The English catalogue is complete: every string the code and templates mark for translation has an English
text that is not fuzzy, so an English reader never meets Vietnamese left untranslated (CI runs this)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "motcua/web/translations/en/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def marked() -> dict[str, str]:
    """msgid -> where it is marked, extracted as babel.cfg says (what `pybabel extract` would write)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, f"{filename}:{line}")
    return found


def test_every_entry_of_the_english_catalogue_is_translated_and_not_fuzzy() -> None:
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    bad = [m.id for m in catalogue if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert bad == [], f"{CATALOGUE.name}: untranslated or fuzzy: {bad}"


def test_every_marked_string_is_in_the_english_catalogue() -> None:
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    missing = {msgid: where for msgid, where in marked().items() if catalogue.get(msgid) is None}
    assert missing == {}, ("strings without English (README, Translations): "
                           + "; ".join(f"{where}: {msgid!r}" for msgid, where in sorted(missing.items())))
