"""The reader's experience in a real browser: popovers, previews, filter, sidebar, layout, no-JS."""

from __future__ import annotations

import contextlib

import pytest

BADGE = ".claim-end > a"


def claim_of(badge) -> str:  # noqa: ANN001
    """The claim a badge opens: its link leads to `#details-<claim>`."""
    return badge.get_attribute("href").removeprefix("#details-")


def focused_is(page, selector_handle) -> bool:  # noqa: ANN001
    return page.evaluate("(element) => document.activeElement === element", selector_handle)


def open_badges(page) -> int:  # noqa: ANN001
    return page.locator(f"{BADGE}[aria-expanded='true']").count()


def test_a_claim_opens_by_mouse_and_escape_returns_focus(open_page) -> None:  # noqa: ANN001
    page = open_page()
    badge = page.locator(BADGE).nth(1)
    claim = claim_of(badge)
    badge.click()
    pop = page.get_by_role("dialog")
    assert pop.is_visible()
    assert badge.get_attribute("aria-expanded") == "true"
    assert badge.get_attribute("aria-controls") == pop.get_attribute("id")
    label = page.locator("#" + pop.get_attribute("aria-labelledby")).text_content()
    assert label.strip().startswith("Claim ")
    note = page.locator(f"#details-{claim} .note").text_content()
    assert pop.locator(".note").text_content() == note
    cited = [link.text_content() for link in badge.locator("xpath=following-sibling::sup/a").all()]
    assert [item.locator("a").first.text_content() for item in pop.locator("ul > li").all()] == cited  # each source, with its line
    page.keyboard.press("Escape")
    assert pop.is_hidden()
    assert badge.get_attribute("aria-expanded") == "false"
    assert focused_is(page, badge.element_handle())


def test_a_claim_opens_by_keyboard_with_enter_or_space(open_page) -> None:  # noqa: ANN001
    page = open_page()
    badge = page.locator(BADGE).first
    pop = page.get_by_role("dialog")
    for key in ("Enter", " "):
        badge.focus()
        page.keyboard.press(key)
        assert pop.is_visible(), key
        assert page.evaluate("document.activeElement.closest('[role=dialog]') !== null"), "focus moves into the dialog"
        page.keyboard.press("Escape")
        assert pop.is_hidden()
        assert focused_is(page, badge.element_handle())
    page.keyboard.press("Enter")
    for _ in range(pop.locator("a, button").count() + 1):  # Tab through the dialog and out of it
        page.keyboard.press("Tab")
    assert pop.is_hidden(), "leaving the dialog closes it"
    after = page.evaluate(
        "(badge) => !!(badge.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)", badge.element_handle()
    )
    assert after, "focus goes on to what follows the claim, not to the end of the page"


def test_following_a_link_from_the_dialog_closes_it(open_page) -> None:  # noqa: ANN001
    """A link in the dialog (a source, or a note's link to another claim) leads elsewhere on the page: the dialog goes."""
    page = open_page()
    badge = page.locator(BADGE).first
    badge.click()
    pop = page.get_by_role("dialog")
    link = pop.locator("ul > li a").first  # the first source it cites, on this page
    target = link.get_attribute("href")
    link.click()
    assert pop.is_hidden() and badge.get_attribute("aria-expanded") == "false"
    assert page.evaluate("location.hash") == target


def test_only_one_popover_is_open_and_an_outside_click_closes_it(open_page) -> None:  # noqa: ANN001
    page = open_page()
    first, second = page.locator(BADGE).first, page.locator(BADGE).last
    first.click()
    second.click()
    assert open_badges(page) == 1
    assert second.get_attribute("aria-expanded") == "true"
    assert page.locator(".pop").count() == 1
    page.locator("h1").click()
    assert page.get_by_role("dialog").is_hidden()
    assert open_badges(page) == 0
    assert focused_is(page, second.element_handle())
    mark = page.locator("mark.claim").first  # the highlighted text opens its innermost claim too
    mark.click()
    innermost = mark.get_attribute("data-claims").split()[-1]
    assert page.locator(f"{BADGE}[href='#details-{innermost}']").get_attribute("aria-expanded") == "true"


def test_the_popover_stays_inside_the_viewport_on_a_phone(open_page) -> None:  # noqa: ANN001
    page = open_page(width=320, height=640)
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 640})
        for index in (0, page.locator(BADGE).count() - 1):
            page.locator(BADGE).nth(index).click()
            box = page.get_by_role("dialog").bounding_box()
            assert box["x"] >= 0 and box["y"] >= 0, box
            assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= 640, box
            page.keyboard.press("Escape")


def test_a_citation_previews_its_source_on_hover_and_focus(open_page) -> None:  # noqa: ANN001
    page = open_page()
    link = page.locator(".claim-end sup a").first
    title = page.locator(link.get_attribute("href") + " cite").inner_text()
    link.hover()
    tip = page.get_by_role("tooltip")
    assert tip.is_visible()
    assert title in tip.inner_text()
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    link.focus()
    assert tip.is_visible()
    assert link.get_attribute("aria-describedby") == tip.get_attribute("id")
    page.keyboard.press("Escape")
    assert tip.is_hidden()


def test_the_verdict_filter_is_kept_in_the_url_beside_a_permalink(open_page, site) -> None:  # noqa: ANN001
    page = open_page()
    claim = claim_of(page.locator(BADGE).first)
    verdict = page.locator(".claim-end").first.get_attribute("data-verdict")
    page.goto(f"{site.url}index.html?show={verdict}#claim-{claim}")
    toggle = page.locator(f".verdict-key[data-verdict='{verdict}'] button")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("location.hash") == f"#claim-{claim}"
    for end in page.locator(".claim-end").all():
        assert ("faded" in end.get_attribute("class").split()) == (end.get_attribute("data-verdict") != verdict)
    toggle.click()
    assert page.evaluate("location.search") == ""
    assert page.evaluate("location.hash") == f"#claim-{claim}"
    assert page.locator(".faded").count() == 0
    toggle.click()
    assert page.evaluate("location.search") == f"?show={verdict}"


def test_the_facts_of_the_section_in_view_are_emphasised(open_page) -> None:  # noqa: ANN001
    page = open_page()
    for group in page.locator(".facts-group").all():
        section = group.get_attribute("data-section")
        # the section's top just inside the band the spy watches (35-40% down the viewport)
        page.locator(f"#{section}").evaluate("(element) => scrollBy(0, element.getBoundingClientRect().top - innerHeight * 0.37)")
        page.wait_for_function(
            "(id) => document.querySelector(`.facts-group[data-section='${id}']`).classList.contains('current')", arg=section
        )
        assert page.locator(".facts-group.current").count() == 1


def test_a_fact_jumps_to_its_claim_which_flashes_unless_motion_is_reduced(open_page) -> None:  # noqa: ANN001
    page = open_page()
    link = page.locator(".facts a[href^='#claim-']").first
    claim = link.get_attribute("href").removeprefix("#claim-")
    parts = page.locator(f"[data-claims~='{claim}']")
    for motion in ("no-preference", "reduce"):
        page.emulate_media(reduced_motion=motion)
        link.click()
        assert page.evaluate("location.hash") == f"#claim-{claim}"
        assert parts.count() >= 1
        assert all("flash" in part.get_attribute("class").split() for part in parts.all())
        animation = parts.first.evaluate("(element) => getComputedStyle(element).animationName")
        assert (animation == "none") == (motion == "reduce"), motion


def test_copy_link_copies_the_claims_permalink(open_page, site) -> None:  # noqa: ANN001
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    item = page.locator(".claim-notes li").first
    claim_anchor = item.locator("a[href^='#claim-']").get_attribute("href")
    item.locator("xpath=ancestor::details").evaluate("(box) => { box.open = true; }")
    item.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{site.url}index.html{claim_anchor}"


@pytest.mark.parametrize("path", ["index.html", "timeline.html", "sources.html"])
def test_no_horizontal_scrolling_from_320_to_1920_pixels(open_page, path: str) -> None:  # noqa: ANN001
    page = open_page(path, width=320)
    for width in (320, 375, 768, 1024, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def test_the_sidebar_sits_beside_the_text_on_a_wide_screen(open_page) -> None:  # noqa: ANN001
    page = open_page(width=1280)
    facts = page.locator(".facts-box").bounding_box()
    text = page.locator(".article-section").first.bounding_box()
    if page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl":  # after the text as it reads
        assert facts["x"] + facts["width"] <= text["x"], (facts, text)
    else:
        assert facts["x"] >= text["x"] + text["width"], (facts, text)
    assert page.locator(".facts-box dl").first.is_visible()
    page.locator(".article-section").last.scroll_into_view_if_needed()
    facts_now = page.locator(".facts-box").bounding_box()
    assert 0 <= facts_now["y"] < 900, "the sidebar stays in view"


def test_without_facts_the_text_stands_centred_on_a_wide_screen(open_page) -> None:  # noqa: ANN001
    page = open_page(width=1280)
    page.evaluate("document.querySelector('.facts').remove()")  # as an article without facts is built
    text = page.locator(".article-section").first.bounding_box()
    assert abs(text["x"] - (1280 - text["x"] - text["width"])) < 24, text  # as much room on either side


def test_a_list_in_a_note_keeps_its_markers_in_the_dialog(open_page) -> None:  # noqa: ANN001
    page = open_page()
    badge = page.locator(BADGE).first
    page.evaluate(
        "(id) => document.querySelector(`#details-${id} .note`).insertAdjacentHTML('beforeend', '<ul><li>one</li><li>two</li></ul>')",
        claim_of(badge),
    )
    badge.click()
    styles = page.locator(".pop .note li").evaluate_all("(items) => items.map((item) => getComputedStyle(item).listStyleType)")
    assert styles == ["disc", "disc"]


def test_the_sidebar_comes_before_the_text_folded_on_a_phone(open_page) -> None:  # noqa: ANN001
    page = open_page(width=375)
    facts = page.locator(".facts-box").bounding_box()
    text = page.locator(".article-section").first.bounding_box()
    assert facts["y"] + facts["height"] <= text["y"]
    assert page.locator(".facts-box dl").first.is_hidden()
    page.locator(".facts-box > summary").click()
    assert page.locator(".facts-box dl").first.is_visible()


def test_a_sources_link_to_the_key_facts_opens_them_on_a_phone(open_page) -> None:  # noqa: ANN001
    page = open_page("sources.html", width=375)
    link = page.locator(".backlinks a[href='index.html#facts-title']").first
    assert link.inner_text().startswith("the key fact")
    link.click()
    page.wait_for_url("**/index.html#facts-title")
    assert page.locator(".facts-box dl").first.is_visible()


def test_the_articles_own_link_to_the_key_facts_opens_them_on_a_phone(open_page) -> None:  # noqa: ANN001
    page = open_page(width=375)
    assert page.locator(".facts-box dl").first.is_hidden()
    page.evaluate("location.hash = '#facts-title'")  # as a link on the page does: the hash changes, the page stays
    assert page.locator(".facts-box dl").first.is_visible()


def test_without_javascript_every_claim_leads_to_its_details(open_page) -> None:  # noqa: ANN001
    page = open_page(java_script_enabled=False)
    badges = page.locator(BADGE)
    targets = [badge.get_attribute("href") for badge in badges.all()]
    assert targets and all(target.startswith("#details-") for target in targets)
    hidden = page.evaluate("(targets) => targets.filter((target) => !document.querySelector(target)?.checkVisibility())", targets)
    assert hidden == [], "every badge's target is on the page and shown"
    badges.last.click()  # and following one really lands there
    assert page.evaluate("location.hash") == targets[-1]
    assert page.locator(targets[-1]).locator(".note, .verdict-pill").first.is_visible()


def test_events_link_to_the_article_and_back(open_page) -> None:  # noqa: ANN001
    timeline = open_page("timeline.html")
    events = timeline.locator("li.event[id^='event-']")
    to_article = [event.locator(".event-links a").first.get_attribute("href") for event in events.all()]
    index = open_page()
    missing = index.evaluate("(links) => links.filter((link) => !document.querySelector(link.slice(link.indexOf('#'))))", to_article)
    assert to_article and missing == []
    to_timeline = [link.get_attribute("href") for link in index.locator("a[href^='timeline.html#event-']").all()]
    assert to_timeline, "claim details and sections link to their events"
    missing = timeline.evaluate("(links) => links.filter((link) => !document.querySelector(link.slice(link.indexOf('#'))))", to_timeline)
    assert missing == []
    index.locator("a[href^='timeline.html#event-']").first.evaluate("(link) => link.click()")  # may sit in a folded list
    timeline_anchor = to_timeline[0].removeprefix("timeline.html")
    index.wait_for_url("**/timeline.html" + timeline_anchor)
    assert index.locator(timeline_anchor).is_visible()


def test_print_hides_the_chrome_and_writes_out_source_urls(open_page) -> None:  # noqa: ANN001
    page = open_page()
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".legend").is_hidden()
    assert page.locator(".facts-box dl").first.is_visible()
    linked = page.locator(".references .sources cite a").first
    after = linked.evaluate("(element) => getComputedStyle(element, '::after').content")
    assert linked.get_attribute("href") in after


def test_the_dialog_speaks_as_the_legend_does(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    """Gloss's words are English: the dialog says so (as the legend does) only where the article is not, and its
    note, the article's words, says the article's language again. An English page marks nothing (no lang="").
    In a page written right to left the dialog runs left to right, as the legend does, and its note right to left."""
    from conftest import edit

    written = "(element) => getComputedStyle(element).direction"
    for previous, language in (("en", "en"), ("en", "de"), ("de", "ar")):
        edit(mini_copy, "content/article.yml", f"language: {previous}", f"language: {language}")  # the fixture is in English
        with _mini_variant(browser, mini_copy, tmp_path / language, 1280) as page:
            page.locator(BADGE).first.click()
            pop = page.get_by_role("dialog")
            assert pop.get_attribute("lang") == (None if language == "en" else "en")
            assert pop.locator(".note").evaluate("(note) => note.closest('[lang]').lang") == language
            assert pop.evaluate(written) == page.locator(".legend").evaluate(written) == "ltr"
            assert pop.locator(".note").evaluate(written) == ("rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("width", [1280, 375])
def test_every_timeline_row_has_its_date_where_the_page_starts_reading(open_page, width: int) -> None:  # noqa: ANN001
    """On a wide screen the date stands before the rail and the text after it, in the page's direction, on
    every row, the "as of this article" row (Gloss's own words) too; on a phone the date stands above."""
    page = open_page("timeline.html", width=width)
    rtl = page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    rows = page.locator(".timeline > li").all()
    assert rows
    for row in rows:
        date = row.locator("time").first.bounding_box()
        text = row.locator(".event-body, .now-label").first.bounding_box()
        if width < 600:
            assert date["y"] < text["y"], row.get_attribute("id")
            continue
        if rtl:
            assert date["x"] >= text["x"] + text["width"], row.get_attribute("id")
        else:
            assert date["x"] + date["width"] <= text["x"], row.get_attribute("id")


TEXT_RIGHT = (
    "(element) => { const range = document.createRange(); range.selectNodeContents(element); return range.getBoundingClientRect().right; }"
)


@pytest.mark.parametrize("site", ["rtl"], indirect=True)
def test_in_a_right_to_left_article_glosss_english_lines_keep_to_the_side_of_its_words(open_page) -> None:  # noqa: ANN001
    """Gloss's words run left to right (dir="ltr") yet, among the article's, end where the article's lines start."""
    page = open_page(width=1280)
    page.locator(".claim-notes").first.evaluate("(box) => { box.open = true; }")
    main_right = page.locator(".article-section").first.evaluate(TEXT_RIGHT)
    for selector in (".kicker", ".section-text p"):
        assert page.locator(selector).first.evaluate(TEXT_RIGHT) == pytest.approx(main_right, abs=2), selector
    notes = page.locator(".claim-notes").first
    note = notes.locator(".note").first.evaluate(TEXT_RIGHT)
    for selector in (".claim-head", ".claim-refs"):
        assert notes.locator(selector).first.evaluate(TEXT_RIGHT) == pytest.approx(note, abs=2), selector
    box = page.locator(".facts-box")
    label = box.locator("dt").first.evaluate(TEXT_RIGHT)
    for selector in ("h2", "dd[lang='en']"):
        assert box.locator(selector).first.evaluate(TEXT_RIGHT) == pytest.approx(label, abs=4), selector
    timeline = page.context.new_page()
    timeline.goto(page.url.replace("index.html", "timeline.html"))
    title = timeline.locator(".event-title").first.evaluate(TEXT_RIGHT)
    for selector in (".as-written", ".event-links"):
        assert timeline.locator(selector).first.evaluate(TEXT_RIGHT) == pytest.approx(title, abs=2), selector


def test_the_skip_link_shows_only_when_the_keyboard_reaches_it(open_page) -> None:  # noqa: ANN001
    page = open_page(width=375)
    link = page.get_by_role("link", name="Skip to content")
    hidden = link.bounding_box()
    assert hidden["y"] + hidden["height"] <= 0, "out of view until focused"
    page.keyboard.press("Tab")
    assert focused_is(page, link.element_handle())
    shown = link.bounding_box()
    assert shown["y"] >= 0 and 0 <= shown["x"] and shown["x"] + shown["width"] <= 375, shown


def test_a_claim_without_sources_opens_a_dialog_without_a_source_list(open_page) -> None:  # noqa: ANN001
    page = open_page()
    badges = [badge for badge in page.locator(BADGE).all() if not badge.locator("xpath=following-sibling::sup").count()]
    assert badges, "the fixture must have a claim that cites nothing (an opinion)"
    badges[0].click()
    pop = page.get_by_role("dialog")
    assert pop.is_visible()
    assert pop.locator("ul").count() == 0


def test_the_dialog_opens_from_its_badge_towards_where_the_lines_go_on(open_page) -> None:  # noqa: ANN001
    """From the badge on, in the reading direction: rightwards in English, leftwards in Arabic, so it never covers
    the start of the lines the reader comes back to."""
    page = open_page(width=1280)
    rtl = page.evaluate("document.dir") == "rtl"
    badge = page.locator(BADGE).first
    badge.click()
    at, box = badge.bounding_box(), page.get_by_role("dialog").bounding_box()
    if rtl:
        assert box["x"] + box["width"] == pytest.approx(at["x"] + at["width"] + 20, abs=1), (at, box)
    else:
        assert box["x"] == pytest.approx(at["x"] - 20, abs=1), (at, box)


STYLE = "(element, name) => getComputedStyle(element)[name]"


@pytest.mark.parametrize("site", ["rtl"], indirect=True)
def test_arabic_is_never_slanted_nor_spaced_out_and_gloss_lines_stand_apart(open_page) -> None:  # noqa: ANN001
    """Arabic and Hebrew have no italics, and letter spacing parts joined letters; a source's English lines
    ("Cited by…") stand on lines of their own rather than wrap among its Arabic words; the gap before a badge
    falls between it and the quote it closes."""
    page = open_page(width=1280)
    arabic_title = page.locator("#source-council-minutes cite")
    assert arabic_title.evaluate(STYLE, "fontStyle") == "normal"
    assert page.locator("#source-ridership-study cite").evaluate(STYLE, "fontStyle") == "italic"  # an English title still is
    for selector in ("h1", ".facts-group h3"):
        assert page.locator(selector).first.evaluate(STYLE, "letterSpacing") == "normal", selector
    assert page.locator(".references .backlinks").first.evaluate(STYLE, "display") == "block"
    end = page.locator(".claim-end").first
    assert float(end.evaluate(STYLE, "marginRight").removesuffix("px")) > 0 and end.evaluate(STYLE, "marginLeft") == "0px"


KEEP_TOGETHER = """() => {
  // A paragraph of Chinese, which may break after any character, around a quote and a copy of a real badge.
  const end = document.querySelector('.claim-end');
  const paragraph = document.querySelector('.section-text p');
  paragraph.innerHTML = '市'.repeat(37) + '<mark class="claim">总投资约亿元</mark>' + end.outerHTML + '。' + '市'.repeat(60);
  const mark = paragraph.querySelector('mark');
  const last = document.createRange();
  last.setStart(mark.firstChild, mark.firstChild.length - 1);
  last.setEnd(mark.firstChild, mark.firstChild.length);
  return [last.getBoundingClientRect().top, paragraph.querySelector('.claim-end > a').getBoundingClientRect().top];
}"""


def test_a_badge_never_starts_a_line_away_from_its_quote_in_chinese(open_page) -> None:  # noqa: ANN001
    """Chinese may break a line after any character: the badge stays with the quote's last one at every width."""
    page = open_page(width=300)
    apart = []
    for width in range(300, 801, 7):
        page.set_viewport_size({"width": width, "height": 800})
        quote_end, badge = page.evaluate(KEEP_TOGETHER)
        if abs(quote_end - badge) > 12:  # a line apart: a badge is taller than the text's letters, not a line taller
            apart.append(width)
    assert apart == []


def test_a_chinese_title_is_not_slanted_but_an_english_one_is(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    from conftest import edit

    edit(mini_copy, "content/sources.yml", "  title: Wire report\n", "  title: 通讯社报道\n  language: zh-Hans\n")
    with _mini_variant(browser, mini_copy, tmp_path, 1280) as page:
        page.goto(page.url.rsplit("/", 1)[0] + "/sources.html")
        assert page.locator("#source-wire-report cite").evaluate(STYLE, "fontStyle") == "normal"
        assert page.locator("#source-acme-results cite").evaluate(STYLE, "fontStyle") == "italic"


@contextlib.contextmanager
def _mini_variant(browser, mini_copy, tmp_path, width: int):  # noqa: ANN001, ANN202
    """The article page of the fixture site as edited, at `width`; closed, and its server stopped, after."""
    from chromium import static_server
    from conftest import build_site

    server = static_server(build_site(mini_copy, tmp_path / "_site"))
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        yield page
    finally:
        page.close()
        server.shutdown()
        server.server_close()


def test_a_badge_follows_a_quote_written_the_other_way_as_the_paragraph_runs(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    """A Hebrew quote in an English line: the badge and citations come after it in the line's direction (its
    right), not after its last letter (its left), where the right-to-left run would take them."""
    from conftest import edit

    hebrew = "שלום עולם"
    for name in ("seeds/mini.txt", "content/sections/020-next.yml"):
        edit(mini_copy, name, "its “biggest bet” yet.", f"its “{hebrew}” yet.")
    edit(mini_copy, "content/sections/020-next.yml", "quote: its “biggest bet” yet", f"quote: {hebrew}")
    edit(mini_copy, "content/sections/020-next.yml", "    verdict: opinion\n", "    verdict: opinion\n    sources: [wire-report]\n")
    with _mini_variant(browser, mini_copy, tmp_path, 1000) as page:
        quote = page.locator("mark.claim[data-claims='biggest-bet']").bounding_box()
        badge = page.locator("a[href='#details-biggest-bet']").bounding_box()
        citation = page.locator("a[href='#details-biggest-bet'] + sup").bounding_box()
        assert quote["x"] + quote["width"] <= badge["x"] + 1 and badge["x"] < citation["x"]


def test_a_claim_citing_many_sources_wraps_its_citations_on_a_phone(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    from conftest import edit

    many = [f"wire-{n}" for n in range(20)]
    entry = "- id: {0}\n  title: Wire report {0}\n  publisher: Wire\n  url: https://example.org/{0}\n"
    entry += "  published: 2025\n  summary: A wire report.\n"
    with (mini_copy / "content/sources.yml").open("a", encoding="utf-8") as sources:
        sources.write("".join(entry.format(ident) for ident in many))
    edit(mini_copy, "content/sections/020-next.yml", "    sources: [factory-plan]\n", f"    sources: [factory-plan, {', '.join(many)}]\n")
    with _mini_variant(browser, mini_copy, tmp_path, 320) as page:
        assert page.locator("a[href='#details-factory-2027'] + sup a").count() == 21
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        badge = page.locator("a[href='#details-factory-2027']").bounding_box()
        first = page.locator("a[href='#details-factory-2027'] + sup a").first.bounding_box()
        assert abs(first["y"] - badge["y"]) < badge["height"], "the first citation stays beside the badge"


def test_a_title_of_one_long_word_wraps_on_a_phone(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    """German runs to 60-letter words: the contents, the byline and the timeline break one rather than widen the page."""
    from conftest import edit

    word = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung"
    edit(mini_copy, "content/sections/020-next.yml", "title: What comes next", f"title: {word}")
    edit(mini_copy, "content/sections/020-next.yml", "    title: Factory <em>opens</em>", f"    title: {word}")
    edit(mini_copy, "content/article.yml", "publisher: Example News", f"publisher: {word}")
    edit(mini_copy, "seeds/mini.txt", "Source: Example News", f"Source: {word}")
    with _mini_variant(browser, mini_copy, tmp_path, 375) as page:
        for name in ("index.html", "timeline.html", "sources.html"):
            page.goto(page.url.rsplit("/", 1)[0] + "/" + name)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, name


def test_the_dialog_of_a_claim_in_a_heading_opens_after_the_heading_not_in_it(browser, mini_copy, tmp_path) -> None:  # noqa: ANN001
    """A heading may hold only text: the dialog, with its own heading, goes after it (axe's heading-order, the Nu checker)."""
    from conftest import edit

    claim = "  - id: heading-claim\n    quote: comes next\n    verdict: opinion\n"
    edit(mini_copy, "content/sections/020-next.yml", "claims:\n", "claims:\n" + claim)
    with _mini_variant(browser, mini_copy, tmp_path, 1000) as page:
        page.locator("a[href='#details-heading-claim']").click()
        assert page.locator("#gloss-pop").is_visible()
        assert page.evaluate("document.querySelector('#gloss-pop').closest('h1, h2, h3, h4, h5, h6')") is None
        assert page.evaluate("document.querySelector('#gloss-pop').previousElementSibling.tagName") == "H2"
