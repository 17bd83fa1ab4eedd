"""Page furniture kept as article text (issue: review 17, fault 2): reader comments, player
notices, the page's time stamp and a caption glued to the lead. Every text here is made up."""

from newsweave.clean.article import clean_article
from newsweave.clean.comments import comment_header
from newsweave.clean.stamps import find_stamps
from newsweave.records import RawArticle
from newsweave.text.timex_values import temporal_lexicon

ARTICLE = [
    "The harbour authority reopened the northern pier on Tuesday after three weeks of repairs.",
    "Engineers replaced the damaged pilings and resurfaced the walkway, the authority said.",
    "Ferries will use the pier again from next week.",
]


def _clean(lines: list[str]):
    return clean_article(RawArticle(source="t.txt", text="\n".join(lines)))


def _kinds(article) -> dict[str, tuple[str, str | None]]:
    return {ln.text: (ln.kind, ln.reason) for ln in article.lines}


def test_stamps_need_a_clock_a_date_and_a_year_weekday_or_zone():
    found = lambda text: [text[s.start : s.end] for s in find_stamps(text)]  # noqa: E731
    assert found("At 7:25 pm on 15 Aug 2013, reader wrote: yes") == ["7:25 pm on 15 Aug 2013"]
    assert found("Wednesday 9 July 2014 11.05 BST The lede") == ["Wednesday 9 July 2014 11.05 BST"]
    assert found("Jane Roe | 09:20 UK time, Friday, 14 March 2014 Lede") == ["09:20 UK time, Friday, 14 March 2014"]
    assert found("21 November 2013 Last updated at 08:40 GMT Help") == ["21 November 2013 Last updated at 08:40 GMT"]
    assert found("Shares rose 3.5 percent in May 2009.") == []  # a decimal, no clock
    assert found("The talks begin at 10:30 on June 5 in the capital.") == []  # no year, weekday or zone


def test_a_stamp_reads_every_month_and_weekday_a_date_in_the_text_reads():
    found = lambda text: [text[s.start : s.end] for s in find_stamps(text)]  # noqa: E731
    lexicon = temporal_lexicon()
    for month in lexicon["months"]:
        stamp = f"{month.title()}. 4, 2012 at 9:18 am"
        assert found(f"{stamp} | Reply Fine.") == [stamp], month
    for weekday in [*lexicon["weekdays"], "thur"]:
        stamp = f"{weekday.title()} 4 October 2012 21:18"
        assert found(f"Posted {stamp} Fine.") == [stamp], weekday


def test_comment_headers_by_what_they_do():
    leading = comment_header("At 7:25 pm on 15 Aug 2013, harbour_fan99 wrote: The pier was fine.")
    assert leading is not None and leading.sure and leading.leading and leading.start == 0
    trailing = comment_header("Great news. Posted by: dockhand | April 18, 2012 5:37 PM | Report abuse Next one")
    assert trailing is not None and trailing.sure and not trailing.leading
    assert trailing.start == len("Great news. ")
    links = comment_header("October 4, 2012 at 9:18 am | Reply I disagree with all of this.")
    assert links is not None and links.sure
    said = comment_header("pierwatcher said, on August 3, 2019 at 3:12 pm")
    assert said is not None and said.sure and said.start == 0
    assert comment_header("The columnist wrote: the pier is a monument to delay.") is None
    assert comment_header("The mayor said on Tuesday that work would start soon.") is None
    handle = comment_header("dock_worker_7 wrote: I was there.")
    assert handle is not None and not handle.sure


def test_a_comment_section_is_dropped_to_the_end_and_the_text_before_its_header_stays():
    lines = [
        *ARTICLE[:2],
        ARTICLE[2] + " At 7:25 pm on 15 Aug 2013, harbour_fan99 wrote: About time too.",
        "The old pilings were rotten for years.",
        "At 8:02 pm on 15 Aug 2013, Quayside wrote: This post has been removed for breaking our guidelines.",
        "At 8:16 pm on 15 Aug 2013, Seagull22 wrote: Will the cafe reopen as well?",
        "Nobody has said so yet.",
    ]
    article = _clean(lines)
    kinds = _kinds(article)
    assert [ln.text for ln in article.body] == ARTICLE
    comments = [ln for ln in article.lines if ln.reason == "comment"]
    assert len(comments) == 5
    assert kinds["The old pilings were rotten for years."] == ("dropped", "comment")
    assert kinds["Nobody has said so yet."] == ("dropped", "comment")


def test_comments_closed_by_their_header_are_dropped_from_the_first_header():
    lines = [
        *ARTICLE,
        "What a waste of money Posted by: dockhand | April 18, 2012 5:37 PM | Report abuse I agree with the mayor.",
        "The pier should have been rebuilt years ago.",
    ]
    article = _clean(lines)
    assert [ln.text for ln in article.body] == ARTICLE
    assert {ln.reason for ln in article.lines if ln.kind == "dropped"} == {"comment"}


def test_stamps_alone_need_a_moderators_notice_to_be_a_comment_section():
    posts = [
        *ARTICLE,
        "12 May 2009 20:21 UTC Port traffic rose in April for the third month running, figures showed.",
        "The busiest terminal handled more containers than ever.",
        "3 May 2009 22:40 UTC Dock workers agreed a new pay deal with the operators.",
    ]
    blog = _clean(posts)
    assert not [ln for ln in blog.lines if ln.reason == "comment"]  # a blog's dated posts stay
    notice = "All comments are pre-moderated and should follow our community guidelines."
    with_notice = _clean([*posts, notice])
    assert with_notice.body[-1].text == ARTICLE[-1]
    assert _kinds(with_notice)[notice] == ("dropped", "comment")


def test_a_lone_moderators_notice_is_dropped_and_prose_about_writing_is_kept():
    prose = "In a letter to the council, the harbour master wrote: we need more money."
    notice = "This post has been removed as it did not meet our discussion standards."
    article = _clean([*ARTICLE, prose, notice])
    kinds = _kinds(article)
    assert kinds[prose] == ("body", None)
    assert kinds[notice] == ("dropped", "comment")


def test_player_notices_are_dropped():
    notices = [
        "To watch this clip, JavaScript must be enabled and a recent Flash player installed.",
        "In order to view this video you will need Javascript enabled and Flash installed.",
        "Sorry, your browser cannot play this video.",
    ]
    article = _clean([ARTICLE[0], *notices, *ARTICLE[1:]])
    assert [ln.text for ln in article.body] == ARTICLE
    assert all(_kinds(article)[n] == ("dropped", "player") for n in notices)
    prose = "The app needs JavaScript skills that few of the council's staff have."
    assert _kinds(_clean([*ARTICLE, prose]))[prose] == ("body", None)


def test_a_first_line_glued_at_the_page_stamp_is_cut_into_title_standfirst_stamp_and_lead():
    first = (
        "Harbour pier reopens after storm repairs Engineers replaced pilings and resurfaced the walkway "
        "ahead of the ferry season Wednesday 9 July 2014 11.05 BST " + ARTICLE[0]
    )
    # "Engineers" opens the standfirst: the article writes the word in lower case, never as a name
    article = _clean([first, *ARTICLE[1:], "The engineers said the repairs came in under budget."])
    kinds = _kinds(article)
    assert article.title == "Harbour pier reopens after storm repairs"
    assert kinds["Engineers replaced pilings and resurfaced the walkway ahead of the ferry season"] == ("dek", None)
    assert kinds["Wednesday 9 July 2014 11.05 BST"] == ("dropped", "dateline")
    assert article.body[0].text == ARTICLE[0]


def test_a_byline_before_the_stamp_is_dropped():
    article = _clean(["Jane Roe | 09:20 UK time, Friday, 14 March 2014 " + ARTICLE[0], *ARTICLE[1:]])
    kinds = _kinds(article)
    assert kinds["Jane Roe"] == ("dropped", "contributor")
    assert kinds["09:20 UK time, Friday, 14 March 2014"] == ("dropped", "dateline")
    assert [ln.text for ln in article.body] == ARTICLE


def test_a_stamp_inside_a_sentence_is_no_page_stamp():
    lede = "The storm struck at 14:22 local time on Thursday 3 March 2016, flooding the harbour district."
    article = _clean([lede, *ARTICLE])
    assert article.body[0].text == lede


def test_a_caption_without_a_full_stop_is_cut_from_the_lead():
    caption = "Divers have been checking the pilings since March"
    article = _clean([f"{caption} {ARTICLE[0]}", *ARTICLE[1:]])
    assert _kinds(article)[caption] == ("dropped", "caption")
    assert [ln.text for ln in article.body] == ARTICLE
    headline = "Harbour pier reopens to ferries"  # headlinese: kept as the head, not the body
    article = _clean([f"{headline} {ARTICLE[0]}", *ARTICLE[1:]])
    assert _kinds(article)[headline][0] == "dek"
    assert article.body[0].text == ARTICLE[0]


def test_a_name_opened_by_an_article_is_no_glued_sentence():
    # eight words or more after "An": a glued lead could start there, as far as length tells
    lede = "Police questioned the protest organiser and kept An Mei at the station until late on Friday night."
    article = _clean([lede, *ARTICLE])
    assert article.body[0].text == lede


def test_a_photo_credit_marks_the_line_before_it_as_the_caption():
    caption = "Ferry passengers wait on the reopened pier."
    article = _clean([caption, "Photograph: Jane Roe/Agency " + ARTICLE[0], *ARTICLE[1:]])
    kinds = _kinds(article)
    assert kinds[caption] == ("dropped", "caption")
    assert kinds["Photograph: Jane Roe/Agency"] == ("dropped", "caption")
    assert [ln.text for ln in article.body] == ARTICLE


def test_without_evidence_the_head_before_a_stamp_is_one_standfirst():
    first = (
        "Harbour pier reopens after storm repairs Engineers replaced pilings and resurfaced the walkway "
        "ahead of the ferry season Wednesday 9 July 2014 11.05 BST " + ARTICLE[0]
    )
    article = _clean([first, *ARTICLE[1:]])  # "Engineers" may be a name: no cut, no title
    assert article.title is None
    assert article.lines[0].kind == "dek" and article.lines[0].text.endswith("ferry season")
    assert article.body[0].text == ARTICLE[0]


def test_a_sentence_shaped_like_a_comment_header_does_not_drop_the_article():
    for said in (
        'At 10:30 am on June 2, 2009, the pilot said: "We are turning back to the harbour."',
        "The spokesman said, on June 2, 2009 at 10:30 am, that the pier would reopen.",
    ):
        article = _clean([ARTICLE[0], said, *ARTICLE[1:]])
        assert [ln.text for ln in article.body] == [ARTICLE[0], said, *ARTICLE[1:]]
