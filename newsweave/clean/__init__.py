"""Clean stage: keep exactly the article (title, standfirst, headings, body lines); its language; near-duplicates."""
