from newsweave.text.parse import ParseMemory, Tok, decode_parse, encode_parse


def _toks(text: str) -> list[Tok]:
    out, cursor = [], 0
    for i, word in enumerate(text.split()):
        idx = text.index(word, cursor)
        out.append(Tok(i, idx, word, "NN", "dep" if i else "ROOT", 0, 0))
        cursor = idx + len(word)
    return out


def test_a_parse_survives_its_bytes_whatever_its_characters():
    toks = _toks('Élise said "ça va", \x1f odd , and left.')
    assert decode_parse(encode_parse(toks)) == toks
    assert decode_parse(encode_parse([])) == []


def test_parse_memory_parses_each_text_once_and_hands_new_parses_over_once():
    parsed: list[str] = []

    def parse(texts):
        parsed.extend(texts)
        return [_toks(t) for t in texts]

    stored = {"stored one": _toks("stored one")}
    memory = ParseMemory(parse, size=2, lookup=lambda texts: {t: stored[t] for t in texts if t in stored})
    out = memory(["a b", "stored one", "a b", "c d"])
    assert parsed == ["a b", "c d"]  # each once; the stored one read, not parsed
    assert out[0] == out[2] == _toks("a b") and out[1] == stored["stored one"]
    assert set(memory.take_new()) == {"a b", "c d"} and memory.take_new() == {}
    parsed.clear()
    memory(["c d"])  # among the last used
    memory(["e f"])  # evicts the least recently used
    assert parsed == ["e f"] and len(memory.recent) == 2
