"""The report files."""


def test_the_json_document_is_the_same_json_with_one_list_item_a_line():
    import json

    from newsweave.report import json_document

    document = {"articles": [{"id": "a1", "title": "Café \u2028 “quoted”"}, {"id": "a2"}], "stories": [], "n": 2}
    text = json_document(document)
    assert json.loads(text) == document
    assert text.splitlines()[2].strip().startswith('{"id": "a1"') and '"stories": []' in text
