"""Names found in text."""


def test_the_name_finder_finds_what_one_alternation_of_the_names_finds():
    import re

    from newsweave.text.names import NameFinder

    names = ["Al", "Al-Varesh", "Vosk", "Arlen Vosk", "Arlen", "May", "O'Dorran", "Pak Sol Ri", "Pak"]
    texts = [
        "Arlen Vosk met Al-Varesh's envoy; Vosk and Al left in May.",
        "Arlen Voskov, Alberto and Al_x are no names here; nor is maybe or MAY.",
        "O'Dorran said Pak Sol Ri and Pak Sol-ri met Pak; -Vosk and Vosk- are not whole words.",
        "Pak Sol Riverside",
    ]
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])"
    )
    find = NameFinder(names)
    for text in texts:
        assert find(text) == [(m.group(1), m.start(), m.end()) for m in pattern.finditer(text)]
    assert [n for n, _, _ in find(texts[0])] == ["Arlen Vosk", "Al-Varesh", "Vosk", "Al", "May"]
    assert find(texts[1]) == [("Arlen", 0, 5)] and NameFinder([])("Arlen Vosk") == []
